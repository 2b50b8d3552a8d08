// An embedded database made by the code before cluster mode (migration records checksummed over
// each file's text, up to 0085) still starts, in a process that opens no other data directory
// first (chDB binds one per process).
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { embeddedConfig, openEngine } from '../../server/engine/engine';
import { readMigrations } from '../../server/engine/migrations';
import { projectRoot } from '../../server/paths';
import { crawlRow, ingest, startServer } from '../helpers/server';
import { onServer } from '../helpers/target';

const DIR = join(projectRoot(), 'clickhouse', 'migrations');

describe('migrations on an older database', () => {
  it.skipIf(onServer())(
    'starts on an embedded database made before cluster mode, keeping its records and applying only the new migrations',
    async () => {
      // The database as the earlier code made it: each file run with ${ON_CLUSTER} removed and
      // recorded with the SHA-256 of its text (first 16 hex digits), up to 0085.
      const dataDir = mkdtempSync(join(tmpdir(), 'pdo-old-db-'));
      const old = await openEngine(embeddedConfig(dataDir));
      await old.command(
        "CREATE TABLE IF NOT EXISTS schema_migrations  (version UInt32, name String, checksum String, applied_at DateTime64(3, 'UTC')) ENGINE = ReplacingMergeTree(applied_at) ORDER BY version",
        { tag: 'test' }
      );
      const files = readdirSync(DIR)
        .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f) && Number(f.slice(0, 4)) <= 85)
        .sort();
      for (const f of files) {
        const text = readFileSync(join(DIR, f), 'utf8');
        await old.command(text.replaceAll('${ON_CLUSTER}', ''), { tag: 'test', timeoutS: 300 });
        await old.command(
          "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ({v:UInt32}, {n:String}, {c:String}, fromUnixTimestamp64Milli({at:Int64}, 'UTC'))",
          {
            tag: 'test',
            params: {
              v: Number(f.slice(0, 4)),
              n: f.slice(5, -4),
              c: createHash('sha256').update(text).digest('hex').slice(0, 16),
              at: Date.UTC(2026, 0, 1)
            }
          }
        );
      }
      // Documents stored before the newer rollups existed: their migrations fill them from these.
      await old.command(
        "INSERT INTO crawl_documents (ts, url, lang, content_type, provenance, tokens) VALUES ('2024-03-01 10:00:00', 'https://a.example/1', 'en', 'article', 'ai', 100), ('2024-03-01 11:00:00', 'https://a.example/2', 'en', 'article', 'ai', 30), ('2024-03-02 10:00:00', 'https://b.example/2', 'de', 'forum', 'human', 50)",
        { tag: 'test' }
      );
      await old.close();
      const later = await startServer({ dataDir });
      try {
        const applied = await later.app.engine.rows<{ name: string }>(
          'SELECT name FROM schema_migrations WHERE version > 85 ORDER BY version',
          { tag: 'test' }
        );
        expect(applied.map((r) => r.name)).toEqual(
          readMigrations(DIR)
            .filter((m) => m.version > 85)
            .map((m) => m.name)
        );
        const [n] = await later.app.engine.rows<{ n: number }>('SELECT count() AS n FROM schema_migrations WHERE version <= 85', {
          tag: 'test'
        });
        expect(Number(n?.n)).toBe(files.length);
        // The day-first daily rollup (0145-0147) holds what crawl_daily holds for the documents
        // stored before it, and counts what is ingested after.
        const byKey = (table: string) =>
          later.app.engine.rows<Record<string, unknown>>(
            `SELECT day, content_type, lang, provenance, sum(docs) AS docs, sum(tokens) AS tokens FROM ${table} GROUP BY day, content_type, lang, provenance ORDER BY day, content_type, lang, provenance`,
            { tag: 'test' }
          );
        const stored = await byKey('crawl_daily_by_day');
        expect(stored.map((r) => [r.day, r.content_type, r.lang, r.provenance, r.docs, r.tokens])).toEqual([
          ['2024-03-01', 'article', 'en', 'ai', 2, 130],
          ['2024-03-02', 'forum', 'de', 'human', 1, 50]
        ]);
        // The rollup views the new migrations changed still count what is ingested.
        expect((await ingest(later.url, 'crawl', [crawlRow(1), crawlRow(2)])).status).toBe(200);
        const [d] = await later.app.engine.rows<{ docs: number }>('SELECT sum(docs) AS docs FROM crawl_domain_monthly', { tag: 'test' });
        // The three stored documents (0116-0118 rebuilt the domain rollups from them) and the two new.
        expect(Number(d?.docs)).toBe(5);
        expect(await byKey('crawl_daily_by_day')).toEqual(await byKey('crawl_daily'));
      } finally {
        await later.close();
      }
    }
  );
});

import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine } from '../../server/engine/engine';
import { migrate, readMigrations } from '../../server/engine/migrations';
import { projectRoot } from '../../server/paths';
import { crawlRow, ingest, startServer, type TestServer } from '../helpers/server';

const DIR = join(projectRoot(), 'clickhouse', 'migrations');
let s: TestServer;

beforeAll(async () => {
  s = await startServer();
});
afterAll(async () => {
  await s.close();
});

describe('migrations', () => {
  it('creates the four raw tables and the rollups at start, recording each migration', async () => {
    const tables = await s.app.engine.rows<{ name: string }>(
      'SELECT name FROM system.tables WHERE database = currentDatabase() ORDER BY name',
      { tag: 'test' }
    );
    const names = tables.map((t) => t.name);
    for (const t of [
      'crawl_documents',
      'market_postings',
      'model_samples',
      'training_runs',
      'crawl_daily',
      'crawl_minute',
      'crawl_daily_mv',
      'crawl_minute_mv',
      'schema_migrations'
    ]) {
      expect(names).toContain(t);
    }
    const [n] = await s.app.engine.rows<{ n: number }>('SELECT count() AS n FROM schema_migrations FINAL', { tag: 'test' });
    expect(Number(n?.n)).toBe(readMigrations(DIR).length);
  });

  it('re-runs safely: nothing applied twice, data untouched', async () => {
    await s.app.engine.command(
      "INSERT INTO training_runs (model, published, training_tokens, source, imported_at) VALUES ('m', '2024-01-01', 1e12, 'test', '2024-06-01 00:00:00')",
      { tag: 'test' }
    );
    const again = await migrate(s.app.engine, DIR);
    expect(again.applied).toEqual([]);
    const [n] = await s.app.engine.rows<{ n: number }>('SELECT count() AS n FROM training_runs', { tag: 'test' });
    expect(Number(n?.n)).toBe(1);
  });

  it('applies a new migration once, and refuses one edited after it was applied', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pdo-mig-'));
    try {
      cpSync(DIR, dir, { recursive: true });
      writeFileSync(join(dir, '9001_test_extra.sql'), 'CREATE TABLE IF NOT EXISTS test_extra (x UInt8) ENGINE = MergeTree ORDER BY x');
      expect((await migrate(s.app.engine, dir)).applied).toEqual(['9001_test_extra']);
      expect((await migrate(s.app.engine, dir)).applied).toEqual([]);
      writeFileSync(join(dir, '9001_test_extra.sql'), 'CREATE TABLE IF NOT EXISTS test_extra (x UInt16) ENGINE = MergeTree ORDER BY x');
      await expect(migrate(s.app.engine, dir)).rejects.toThrow(/9001_test_extra was changed after it was applied/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(Boolean(process.env.CLICKHOUSE_URL))(
    'starts on an embedded database made before cluster mode, keeping its records and applying only the new migrations',
    async () => {
      // The database as the earlier code made it: each file run with ${ON_CLUSTER} removed and
      // recorded with the SHA-256 of its text (first 16 hex digits), up to 0085.
      const dataDir = mkdtempSync(join(tmpdir(), 'pdo-old-db-'));
      const old = await openEngine({
        chdbPath: dataDir,
        clickhouseUrl: undefined,
        clickhouseUser: '',
        clickhousePassword: '',
        clickhouseDatabase: 'default'
      });
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
        // The rollup views the new migrations changed still count what is ingested.
        expect((await ingest(later.url, 'crawl', [crawlRow(1), crawlRow(2)])).status).toBe(200);
        const [d] = await later.app.engine.rows<{ docs: number }>('SELECT sum(docs) AS docs FROM crawl_domain_monthly', { tag: 'test' });
        expect(Number(d?.docs)).toBe(2);
      } finally {
        await later.close();
      }
    }
  );
});

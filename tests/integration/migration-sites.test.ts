// Migrations 0110-0119 on a database holding crawl rows of the old meaning (the URL's host and
// its last label, the column DEFAULTs of 0001): every row gets its registrable domain and public
// suffix, the domain rollups are rebuilt from them, and no other rollup counts a row twice.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATION_STEPS } from '../../server/engine/migration-steps';
import { migrate, readMigrations, renderMigrations } from '../../server/engine/migrations';
import { projectRoot } from '../../server/paths';
import { startServer, type TestServer } from '../helpers/server';

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(async () => {
  await s?.close();
});

const rows = <T>(sql: string) => s.app.engine.rows<T>(sql, { tag: 'test' });

const TS = Date.UTC(2025, 2, 10);
/** url, the domain sent (else the table's DEFAULT), and the site the migration must store. */
const OLD: [url: string, sent: string | null, domain: string, tld: string][] = [
  ['https://news.bbc.co.uk/a', null, 'bbc.co.uk', 'co.uk'],
  ['https://www.bbc.co.uk/b', null, 'bbc.co.uk', 'co.uk'],
  ['https://www.example.org/c', null, 'example.org', 'org'],
  ['https://alice.github.io/d', null, 'alice.github.io', 'github.io'],
  ['http://192.0.2.7/e', null, '192.0.2.7', 'ip'],
  ['urn:x-feed:item-6', 'live.example.co.uk', 'example.co.uk', 'co.uk']
];

describe('migrations 0110-0119: one meaning for domain and tld', () => {
  it('rewrite stored rows to their site and rebuild the domain rollups, counting every row once', async () => {
    const body = OLD.map(([url, sent], i) =>
      JSON.stringify({
        ts: TS + i * 60_000,
        url,
        ...(sent ? { domain: sent } : {}),
        lang: 'en',
        content_type: 'article',
        tokens: 100,
        provenance: i % 2 ? 'ai' : 'human'
      })
    ).join('\n');
    // Written with the table's DEFAULTs, as ingest wrote rows before: the old meaning.
    await s.app.engine.insertJsonEachRow(
      'crawl_documents',
      ['ts', 'url', 'domain', 'lang', 'content_type', 'tokens', 'provenance'],
      Buffer.from(body),
      {
        tag: 'test'
      }
    );
    const before = await rows<{ domain: string; tld: string }>(
      "SELECT domain, tld FROM crawl_documents WHERE url = 'https://news.bbc.co.uk/a'"
    );
    expect(before).toEqual([{ domain: 'news.bbc.co.uk', tld: 'uk' }]);

    // Forget 0110-0119 (applied to the empty database at start) and apply them again over these rows.
    await s.app.engine.command('DELETE FROM schema_migrations WHERE version >= 110 AND version <= 119', { tag: 'test' });
    const { applied } = await migrate(s.app.engine, join(projectRoot(), 'clickhouse', 'migrations'), process.env.CLICKHOUSE_CLUSTER);
    expect(applied).toHaveLength(9);
    expect(applied[0]).toBe('0110_crawl_sites');

    const after = await rows<{ url: string; domain: string; tld: string }>('SELECT url, domain, tld FROM crawl_documents ORDER BY ts');
    expect(after).toEqual(OLD.map(([url, , domain, tld]) => ({ url, domain, tld })));

    const expected = new Map<string, number>();
    for (const [, , domain, tld] of OLD) expected.set(`${domain} ${tld}`, (expected.get(`${domain} ${tld}`) ?? 0) + 1);
    for (const table of ['crawl_domain_daily', 'crawl_domain_monthly']) {
      const got = await rows<{ k: string; docs: number }>(
        `SELECT concat(domain, ' ', tld) AS k, sum(docs) AS docs FROM ${table} GROUP BY k ORDER BY k`
      );
      expect(new Map(got.map((r) => [r.k, Number(r.docs)])), table).toEqual(expected);
    }
    // Parts were moved, not inserted: the rollups without a domain still count each row once.
    const [daily] = await rows<{ docs: number }>('SELECT sum(docs) AS docs FROM crawl_daily');
    expect(Number(daily?.docs)).toBe(OLD.length);
    const [origins] = await rows<{ n: number }>("SELECT sum(rows) AS n FROM stream_origins WHERE stream = 'crawl'");
    expect(Number(origins?.n)).toBe(OLD.length);
    // The copy is gone; the map of hosts to sites stays as the record of the rewrite.
    const [copy] = await rows<{ n: number }>(
      "SELECT count() AS n FROM system.tables WHERE database = currentDatabase() AND name LIKE 'crawl_documents_sites%'"
    );
    expect(Number(copy?.n)).toBe(0);
  });

  it('leave every row once when the process dies after 0114 replaced the partitions and before its record', async () => {
    // One more row of the old meaning, beside the rows the test above rewrote.
    await s.app.engine.insertJsonEachRow(
      'crawl_documents',
      ['ts', 'url', 'lang', 'content_type', 'tokens', 'provenance'],
      Buffer.from(
        JSON.stringify({
          ts: TS + OLD.length * 60_000,
          url: 'https://blog.example.com.au/x',
          lang: 'en',
          content_type: 'article',
          tokens: 100,
          provenance: 'human'
        })
      ),
      { tag: 'test' }
    );
    const all = [
      ...OLD.map(([url, , domain, tld]) => ({ url, domain, tld })),
      { url: 'https://blog.example.com.au/x', domain: 'example.com.au', tld: 'com.au' }
    ];

    // As the runner does, up to the crash: 0110-0114's statements and steps, records for 0110-0112.
    const cluster = process.env.CLICKHOUSE_CLUSTER;
    await s.app.engine.command('DELETE FROM schema_migrations WHERE version >= 110 AND version <= 119', { tag: 'test' });
    const dir = join(projectRoot(), 'clickhouse', 'migrations');
    for (const m of renderMigrations(readMigrations(dir), cluster).filter((x) => x.version >= 110 && x.version <= 114)) {
      for (const statement of m.statements) await s.app.engine.command(statement, { tag: 'test' });
      await MIGRATION_STEPS.get(m.version)?.run(s.app.engine, cluster);
      if (m.version === 114) break;
      await s.app.engine.command(
        "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ({version:UInt32}, {name:String}, {checksum:String}, fromUnixTimestamp64Milli({at:Int64}, 'UTC'))",
        { tag: 'test', params: { version: m.version, name: m.name, checksum: m.checksum, at: Date.now() } }
      );
    }
    // The next start applies 0114 again, then the rest.
    const { applied } = await migrate(s.app.engine, dir, cluster);
    expect(applied).toEqual([
      '0114_crawl_documents_replace',
      '0115_crawl_domain_daily_clear',
      '0116_crawl_domain_daily_rebuild',
      '0117_crawl_domain_monthly_clear',
      '0118_crawl_domain_monthly_rebuild',
      '0119_crawl_documents_sites_drop'
    ]);

    const after = await rows<{ url: string; domain: string; tld: string }>('SELECT url, domain, tld FROM crawl_documents ORDER BY ts');
    expect(after).toEqual(all);
    const [daily] = await rows<{ docs: number }>('SELECT sum(docs) AS docs FROM crawl_daily');
    expect(Number(daily?.docs)).toBe(all.length);
    const [domains] = await rows<{ docs: number }>('SELECT sum(docs) AS docs FROM crawl_domain_daily');
    expect(Number(domains?.docs)).toBe(all.length);
  });
});

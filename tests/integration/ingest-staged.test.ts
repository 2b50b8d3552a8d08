// A large body on the embedded engine goes through a staging table: checked and parsed piece by
// piece, then moved into the stream's table by one insert (server/ingest/staged.ts). Here the
// pieces are a kilobyte, so a body of a hundred rows crosses several, and every rule of the
// one-insert path is checked against it: the same stored rows, all or nothing, the line named in
// an error, and a retry dropped by its deduplication token in the table and its rollups.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedConfig, openEngine, type Engine } from '../../server/engine/engine';
import { migrate } from '../../server/engine/migrations';
import { BatchError } from '../../server/ingest/batch';
import { IngestPipeline } from '../../server/ingest/pipeline';
import { stagedWrites } from '../../server/ingest/staged';
import { projectRoot } from '../../server/paths';
import { crawlRow, T0 } from '../helpers/server';
import { onServer } from '../helpers/target';

let dir = '';
let engine: Engine;
/** Every body through the staging table, in pieces of about a kilobyte. */
let staged: IngestPipeline;
/** Every body in one insert, as on a ClickHouse server. */
let whole: IngestPipeline;

/** Rows `from` to `from + n`; from the 60th on they carry two more columns, so pieces differ in their columns. */
function body(from: number, n: number, over: (i: number) => Record<string, unknown> = () => ({})): string {
  const lines: string[] = [];
  for (let i = from; i < from + n; i++) {
    const extra = i - from >= 60 ? { detector: 'classifier', ai_score: (i % 10) / 10 } : {};
    // Every fifth row's time as ISO text, which the check rewrites.
    const row = crawlRow(i, { ...extra, ...over(i) });
    if (i % 5 === 0) row.ts = new Date(row.ts as number).toISOString();
    lines.push(JSON.stringify(row));
  }
  return lines.join('\n') + '\n';
}

async function count(sql: string): Promise<number> {
  const [r] = await engine.rows<{ n: number }>(sql, { tag: 'test' });
  return Number(r?.n ?? 0);
}

const docs = (from: number, to: number) =>
  count(`SELECT count() AS n FROM crawl_documents WHERE tokens >= ${500 + from} AND tokens < ${500 + to}`);
const rollupDocs = () => count('SELECT sum(docs) AS n FROM crawl_daily');
const stagingTables = () => count("SELECT count() AS n FROM system.tables WHERE is_temporary AND startsWith(name, 'ingest_stage_')");

// Staging is the embedded engine's path: a ClickHouse server's temporary tables live only as
// long as one HTTP statement, and a server parses an insert's body on several threads itself.
describe.skipIf(onServer())('a large body written through a staging table', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pdo-staged-'));
    engine = await openEngine(embeddedConfig(dir));
    await migrate(engine, join(projectRoot(), 'clickhouse/migrations'));
    staged = new IngestPipeline(engine, () => undefined, undefined, { minBytes: 1, pieceBytes: 1024 });
    whole = new IngestPipeline(engine, () => undefined, undefined, { engines: [] });
  });
  afterAll(async () => {
    await engine?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('stores the same rows, in the table and its rollups, as one insert of the body', async () => {
    const text = body(0, 100);
    expect(text.length).toBeGreaterThan(10 * 1024);
    const before = stagedWrites();
    const rollup = await rollupDocs();
    expect(await staged.write('crawl', text)).toEqual({ accepted: 100, replayed: false });
    expect(stagedWrites()).toBe(before + 1);
    expect(await whole.write('crawl', text)).toEqual({ accepted: 100, replayed: false });
    expect(stagedWrites()).toBe(before + 1);
    // Each stored row twice, once from each path, every column equal.
    const rows = await engine.rows<Record<string, unknown>>('SELECT * FROM crawl_documents WHERE tokens >= 500 AND tokens < 600', {
      tag: 'test'
    });
    const seen = new Map<string, number>();
    for (const r of rows) seen.set(JSON.stringify(r), (seen.get(JSON.stringify(r)) ?? 0) + 1);
    expect(rows).toHaveLength(200);
    expect([...seen.values()].every((n) => n === 2)).toBe(true);
    expect(seen.size).toBe(100);
    // The columns only later pieces sent, and the site the check filled in.
    const late = rows.find((r) => r.tokens === 500 + 70);
    expect(late).toMatchObject({ detector: 'classifier', domain: 'example.org', tld: 'org' });
    expect(rows.find((r) => r.tokens === 500 + 10)).toMatchObject({ detector: 'none', ai_score: null });
    expect(await rollupDocs()).toBe(rollup + 200);
    expect(await stagingTables()).toBe(0);
  });

  it('stores market postings and model samples as one insert of the body does', async () => {
    // A tag in every row so each stream's rows of this case can be read back apart.
    const market = Array.from({ length: 100 }, (_, i) =>
      JSON.stringify({
        ts: T0 + i * 1000,
        platform: 'staged-market',
        category: i % 2 ? 'writing' : 'coding',
        posting_id: `s${i}`,
        budget_usd: i % 3 ? 50 + i : null,
        mentions_ai: i % 4 === 0
      })
    ).join('\n');
    const samples = Array.from({ length: 100 }, (_, i) =>
      JSON.stringify({
        ts: T0 + i,
        model_family: 'staged-family',
        model: 'm',
        generation: i % 4,
        text: `row ${i} of the cat that sat`,
        synthetic_fraction: 0.5
      })
    ).join('\n');
    for (const [stream, text, table, where] of [
      ['market', market, 'market_postings', "platform = 'staged-market'"],
      ['samples', samples, 'model_samples', "model_family = 'staged-family'"]
    ] as const) {
      const before = stagedWrites();
      await staged.write(stream, text);
      expect(stagedWrites()).toBe(before + 1);
      await whole.write(stream, text);
      const rows = await engine.rows<Record<string, unknown>>(`SELECT * FROM ${table} WHERE ${where}`, { tag: 'test' });
      const seen = new Map<string, number>();
      for (const r of rows) seen.set(JSON.stringify(r), (seen.get(JSON.stringify(r)) ?? 0) + 1);
      expect(rows).toHaveLength(200);
      expect([...seen.values()].every((n) => n === 2)).toBe(true);
    }
  });

  it('writes nothing when a line in a later piece is bad, and names that line', async () => {
    const rollup = await rollupDocs();
    const text = body(1000, 100, (i) => (i === 1000 + 87 ? { provenance: 'robot' } : {}));
    const err = await staged.write('crawl', text).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BatchError);
    expect((err as BatchError).line).toBe(88);
    expect((err as Error).message).toMatch(/^line 88: /);
    expect(await docs(1000, 1100)).toBe(0);
    expect(await rollupDocs()).toBe(rollup);
    expect(await stagingTables()).toBe(0);
  });

  it('refuses a body of blank lines as the one-insert path does', async () => {
    const blank = '\n'.repeat(3000);
    const a = await staged.write('crawl', blank).catch((e: unknown) => e);
    const b = await whole.write('crawl', blank).catch((e: unknown) => e);
    expect(a).toBeInstanceOf(BatchError);
    expect((a as Error).message).toBe((b as Error).message);
    expect(await stagingTables()).toBe(0);
  });

  it('drops a retry whose first attempt was written but not recorded, in the table and its rollups', async () => {
    const text = body(2000, 100);
    const rollup = await rollupDocs();
    await staged.write('crawl', text, { idempotencyKey: 'staged-crash-between' });
    // As if the process died between the insert and the idempotency record.
    await engine.command("DELETE FROM ingest_requests WHERE idempotency_key = 'staged-crash-between'", { tag: 'test' });
    expect(await staged.write('crawl', text, { idempotencyKey: 'staged-crash-between' })).toEqual({ accepted: 100, replayed: false });
    expect(await docs(2000, 2100)).toBe(100);
    expect(await rollupDocs()).toBe(rollup + 100);
    // And a recorded one is answered from its record.
    expect(await staged.write('crawl', text, { idempotencyKey: 'staged-crash-between' })).toEqual({ accepted: 100, replayed: true });
  });

  it('marks the simulator as the origin of every row of every piece', async () => {
    const text = body(3000, 100);
    await staged.write('crawl', text, { origin: 'simulator' });
    expect(await count("SELECT count() AS n FROM crawl_documents WHERE tokens >= 3500 AND tokens < 3600 AND origin = 'simulator'")).toBe(
      100
    );
  });
});

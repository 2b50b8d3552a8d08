// Storage and insert rate for sizing a cluster (docs/SCALE-OUT.md): on the embedded engine,
// (1) the rate of the engine's own insert of crawl rows through every materialized view, the
// work each shard does for its share of an insert; (2) compressed bytes a row per table, from
// system.parts, after the simulator's history (its distributions of
// languages, domains, provenance and text) is loaded. Prints JSON.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backfill } from '../server/simulate/backfill';
import { crawlLine, migratedEngine } from './lib';

const ROWS = Number(process.env.SIZING_ROWS ?? 200_000);
const BATCH = 50_000;

const dir = mkdtempSync(join(tmpdir(), 'pdo-sizing-'));
const engine = await migratedEngine(dir);
try {
  const columns = Object.keys(JSON.parse(crawlLine(0, 0)) as object);
  const t0 = Date.UTC(2025, 0, 1);
  let seconds = 0;
  for (let off = 0; off < ROWS; off += BATCH) {
    const lines = Array.from({ length: BATCH }, (_, i) => crawlLine(off + i, t0 + (off + i) * 10));
    const body = Buffer.from(lines.join('\n') + '\n');
    const t = performance.now();
    await engine.insertJsonEachRow('crawl_documents', columns, body, { tag: 'sizing' });
    seconds += (performance.now() - t) / 1000;
  }
  // The bench rows are regular and would compress too well: storage is measured on the
  // simulator's history instead, in a table emptied of them.
  await engine.command('TRUNCATE TABLE crawl_documents', { tag: 'sizing' });
  const counts = await backfill(engine, { from: new Date('2024-01-01T00:00:00Z'), to: new Date('2025-01-01T00:00:00Z'), seed: 7 });
  await engine.command('OPTIMIZE TABLE crawl_documents FINAL', { tag: 'sizing', timeoutS: 600 });
  const parts = await engine.rows<{ table: string; rows: number; compressed: number; uncompressed: number }>(
    `SELECT table, sum(rows) AS rows, sum(data_compressed_bytes) AS compressed, sum(data_uncompressed_bytes) AS uncompressed
     FROM system.parts WHERE database = currentDatabase() AND active GROUP BY table ORDER BY compressed DESC`,
    { tag: 'sizing' }
  );
  process.stdout.write(
    JSON.stringify(
      {
        insert: { rows: ROWS, seconds: Math.round(seconds * 100) / 100, rows_per_s: Math.round(ROWS / seconds) },
        simulated: counts,
        tables: parts.map((p) => ({
          table: p.table,
          rows: Number(p.rows),
          compressed_bytes: Number(p.compressed),
          bytes_per_row: Number(p.rows) > 0 ? Math.round((Number(p.compressed) / Number(p.rows)) * 10) / 10 : null,
          ratio: Number(p.compressed) > 0 ? Math.round((Number(p.uncompressed) / Number(p.compressed)) * 10) / 10 : null
        }))
      },
      null,
      2
    ) + '\n'
  );
} finally {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
}

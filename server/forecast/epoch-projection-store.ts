// An imported compute projection, kept in ClickHouse (table compute_projection) so every server
// behind a load balancer uses the same one. The newest import replaces the shipped table; reading
// costs one small fingerprint query per forecast request.
import { createHash } from 'node:crypto';
import type { Engine } from '../engine/engine';
import { parseEpochProjection, type PathProjection } from './epoch-compute-projection';
import { setProjection } from './epoch-request';

const COLUMNS = ['import_id', 'path', 'year', 'log10_flop', 'source'] as const;

/** Parses a file in Epoch's format and stores it; the same file twice is stored once. */
export async function saveProjection(
  engine: Engine,
  text: string,
  fileName: string
): Promise<{ id: string; paths: number; years: number[] }> {
  const source = `compute projection imported from ${fileName} (Epoch AI's format: index, log10 FLOP, year)`;
  const p = parseEpochProjection(text, source);
  const id = createHash('sha256').update(text).digest('hex');
  const rows = p.paths.flatMap((path, k) =>
    p.years.map((year, i) => JSON.stringify({ import_id: id, path: k, year, log10_flop: path[i], source }))
  );
  await engine.insertJsonEachRow('compute_projection', COLUMNS, Buffer.from(rows.join('\n') + '\n'), {
    tag: 'forecast.projection.import',
    dedupToken: `compute-projection-${id}`
  });
  return { id, paths: p.paths.length, years: p.years };
}

let loaded: { engine: Engine; fingerprint: string } | null = null;

/**
 * Makes the forecast use the newest imported projection, or the shipped table when there is none.
 * Reads the rows only when the newest import changed.
 */
export async function syncProjection(engine: Engine): Promise<void> {
  const [head] = await engine.rows<{ import_id: string; at: string }>(
    `SELECT import_id, toString(max(imported_at)) AS at FROM compute_projection GROUP BY import_id ORDER BY max(imported_at) DESC, import_id LIMIT 1`,
    { tag: 'forecast.projection.head' }
  );
  const fingerprint = head ? `${head.import_id}@${head.at}` : 'none';
  if (loaded && loaded.engine === engine && loaded.fingerprint === fingerprint) return;
  if (!head) {
    setProjection(null);
  } else {
    const rows = await engine.rows<{ path: number; year: number; log10_flop: number; source: string }>(
      `SELECT path, year, log10_flop, any(source) OVER () AS source FROM compute_projection FINAL WHERE import_id = {id:String} ORDER BY path, year`,
      { tag: 'forecast.projection.rows', params: { id: head.import_id } }
    );
    const years = [...new Set(rows.map((r) => Number(r.year)))].sort((a, b) => a - b);
    const byPath = new Map<number, Float64Array>();
    for (const r of rows) {
      let a = byPath.get(Number(r.path));
      if (!a) byPath.set(Number(r.path), (a = new Float64Array(years.length)));
      a[years.indexOf(Number(r.year))] = Number(r.log10_flop);
    }
    const last = years.length - 1;
    const paths = [...byPath.values()].sort((a, b) => (a[last] as number) - (b[last] as number));
    const p: PathProjection = {
      kind: 'paths',
      years,
      paths,
      source: `${rows[0]?.source ?? 'imported compute projection'}, ${paths.length} paths`
    };
    setProjection(p);
  }
  loaded = { engine, fingerprint };
}

// Runs a diversity query over the rollups. The row's keys come out in the order of the panel's
// columns, as every panel's rows do; metric values as numbers, NULL where a group has none.
import type { PanelRow } from '../../src/lib/contract/socket';
import type { Engine } from '../engine/engine';

export async function diversityRows(
  engine: Engine,
  q: { sql: string; params: Record<string, unknown> },
  keyColumns: readonly string[],
  metricColumns: readonly string[],
  tag: string
): Promise<PanelRow[]> {
  const rows = await engine.rows<Record<string, string | number | null>>(q.sql, { tag, params: q.params });
  return rows.map((r) => {
    const out: PanelRow = {};
    for (const c of keyColumns) out[c] = r[c] ?? null;
    for (const c of metricColumns) out[c] = r[c] === undefined || r[c] === null ? null : Number(r[c]);
    return out;
  });
}

// Shapes a diversity query's rows as panel rows. The row's keys come out in the order of the
// panel's columns, as every panel's rows do; metric values as numbers, NULL where a group has none.
import type { PanelRow } from '../../src/lib/contract/socket';

export function panelRows(
  rows: readonly Record<string, string | number | null>[],
  keyColumns: readonly string[],
  metricColumns: readonly string[]
): PanelRow[] {
  return rows.map((r) => {
    const out: PanelRow = {};
    for (const c of keyColumns) out[c] = r[c] ?? null;
    for (const c of metricColumns) out[c] = r[c] === undefined || r[c] === null ? null : Number(r[c]);
    return out;
  });
}

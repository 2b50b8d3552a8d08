// Runs the diversity query and adds the one metric ClickHouse cannot compute in SQL, the gzip
// compression ratio, from each group's concatenated texts (which then leave the row). The row's
// keys come out in the order of the panel's columns, as every panel's rows do.
import type { PanelRow } from '../../src/lib/contract/socket';
import type { Engine } from '../engine/engine';
import { DIVERSITY_METRICS, compressionRatioOf } from './metrics';

/** The panel columns in order: the sample size, then every metric of metrics.ts in its order. */
const METRIC_COLUMNS = ['texts', 'tokens', ...DIVERSITY_METRICS.map((m) => m.name)];

export async function diversityRows(
  engine: Engine,
  q: { sql: string; params: Record<string, unknown> },
  keyColumns: readonly string[],
  tag: string
): Promise<PanelRow[]> {
  const rows = await engine.rows<Record<string, string | number | null>>(q.sql, { tag, params: q.params, timeoutS: 20 });
  return rows.map((r) => {
    const out: PanelRow = {};
    for (const c of keyColumns) out[c] = r[c] ?? null;
    const corpus = typeof r.corpus === 'string' ? r.corpus : '';
    for (const c of METRIC_COLUMNS) {
      if (c === 'compression_ratio') out[c] = compressionRatioOf(corpus);
      else out[c] = r[c] === undefined || r[c] === null ? null : Number(r[c]);
    }
    return out;
  });
}

import type { PanelId } from '../../src/lib/contract/panels';
import type { PanelRow } from '../../src/lib/contract/socket';
import type { Engine } from '../engine/engine';
import { leftOutFor } from '../engine/left-out';
import type { Metrics } from '../metrics/metrics';
import type { PanelDef, View } from './definition';
import { usableRows } from './usable';

/** Per-query limit for dashboard reads: a panel that cannot answer in this is broken. */
export const PANEL_TIMEOUT_S = 10;

/** The registry's name for the result check, beside a panel's own check of the rows it reads. */
export const RESULT_CHECK = 'result';

/**
 * Runs one panel for one view. `tag` lands in query_log so a query leads back to its caller.
 * Every panel's rows pass one check here (usable.ts): rows outside their columns' physical range
 * are left out and recorded under the panel's id, which its JSON answer and /api/health name; a
 * read that finds none clears the record.
 */
export async function runPanel(engine: Engine, metrics: Metrics | undefined, def: PanelDef, view: View, tag: string): Promise<PanelRow[]> {
  const id: PanelId = def.info.id;
  metrics?.panelQueries.inc({ panel: id });
  let rows: PanelRow[];
  let table: string | undefined;
  try {
    if (def.kind === 'computed') rows = await def.compute(engine, view, tag);
    else {
      const q = def.build(view);
      table = q.source;
      rows = await engine.rows<PanelRow>(q.sql, { tag, params: q.params, timeoutS: PANEL_TIMEOUT_S });
    }
  } catch (e) {
    metrics?.panelQueryErrors.inc({ panel: id });
    throw e;
  }
  const { kept, left } = usableRows(def, rows, table);
  leftOutFor(engine).record(id, left, RESULT_CHECK);
  return kept;
}

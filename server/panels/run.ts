import type { PanelId } from '../../src/lib/contract/panels';
import type { PanelRow } from '../../src/lib/contract/socket';
import type { Engine } from '../engine/engine';
import type { Metrics } from '../metrics/metrics';
import type { PanelDef, View } from './definition';

/** Per-query limit for dashboard reads: a panel that cannot answer in this is broken. */
export const PANEL_TIMEOUT_S = 10;

/** Runs one panel for one view. `tag` lands in query_log so a query leads back to its caller. */
export async function runPanel(engine: Engine, metrics: Metrics | undefined, def: PanelDef, view: View, tag: string): Promise<PanelRow[]> {
  const id: PanelId = def.info.id;
  metrics?.panelQueries.inc({ panel: id });
  try {
    if (def.kind === 'computed') return await def.compute(engine, view, tag);
    const q = def.build(view);
    return await engine.rows<PanelRow>(q.sql, { tag, params: q.params, timeoutS: PANEL_TIMEOUT_S });
  } catch (e) {
    metrics?.panelQueryErrors.inc({ panel: id });
    throw e;
  }
}

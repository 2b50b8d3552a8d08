import type { PanelId } from '../../src/lib/contract/panels';
import type { PanelRow } from '../../src/lib/contract/socket';
import { measureEngine, type EngineCost } from '../engine/cost';
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

/** A panel's rows and what producing them cost (panelCost): the live hub's rest is in proportion to it. */
export interface PanelRun {
  rows: PanelRow[];
  /** In ms; null when a statement reported no engine time, and the caller's clock must stand in. */
  costMs: number | null;
}

/**
 * runPanel, measured: the rows and their cost. `now` is the clock the Node time is read from
 * (tests pass a manual one).
 */
export async function runPanelCost(
  engine: Engine,
  metrics: Metrics | undefined,
  def: PanelDef,
  view: View,
  tag: string,
  now?: () => number
): Promise<PanelRun> {
  const { value, cost } = await measureEngine(() => runPanel(engine, metrics, def, view, tag), now);
  return { rows: value, costMs: panelCost(cost) };
}

/**
 * What a panel cost: the engine's own time of its statements, summed, so a read that waited
 * behind inserts or other reads is not taken for a slow one, plus its Node time, the clock time
 * of the call while none of its statements was outstanding. For a SQL panel that is building the
 * query and checking the rows; for a computed one also its own JavaScript (merging rows, a
 * forecast's draws on this thread or a worker) and whatever it awaited besides the engine. That
 * work holds the event loop every socket is served from, or one of the machine's cores beside
 * the engine, so it is as much the key's cost as the engine's time. It is read from the clock
 * because process.cpuUsage counts every thread of the process, the embedded engine's included;
 * where the call waited for something other than the engine (another caller's computation it
 * shares), the clock counts that wait too, erring towards a longer rest. Parsing an answer falls
 * inside its statement's outstanding time and counts neither way.
 */
export function panelCost(cost: EngineCost): number | null {
  if (cost.unreported > 0) return null;
  return cost.engineMs + Math.max(0, cost.wallMs - cost.outstandingMs);
}

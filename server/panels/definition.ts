import type { PanelFilters, Grain } from '../../src/lib/contract/filters';
import type { PanelInfo } from '../../src/lib/contract/panels';
import type { PanelRow } from '../../src/lib/contract/socket';
import type { DataChange } from '../../src/lib/contract/streams';
import type { Engine } from '../engine/engine';

/** A request made concrete: times resolved against one clock reading, grain chosen. */
export interface View {
  filters: PanelFilters;
  fromMs: number;
  toMs: number;
  grain: Grain;
  now: number;
}

export interface PanelQuery {
  sql: string;
  params: Record<string, unknown>;
  /** The table read, for logs, reports and the benchmark's rollup-vs-raw comparison. */
  source: string;
}

/**
 * The writes after which a panel's watched views are refreshed at once: its own `changedBy`
 * where it reads less than its streams' every table, else its streams. (Views are refreshed on
 * their timer besides, whatever is written.)
 */
export function changedBy(def: PanelDef): readonly DataChange[] {
  return def.changedBy ?? def.info.streams;
}

/** Most panels are one SQL query. */
export interface SqlPanel {
  kind: 'sql';
  info: PanelInfo;
  /** See `changedBy`. */
  changedBy?: readonly DataChange[];
  build(view: View, opts?: { forceRaw?: boolean }): PanelQuery;
}

/** A few (the forecast) compute in the server from the results of other queries. */
export interface ComputedPanel {
  kind: 'computed';
  info: PanelInfo;
  /** See `changedBy`. */
  changedBy?: readonly DataChange[];
  compute(engine: Engine, view: View, tag: string): Promise<PanelRow[]>;
}

export type PanelDef = SqlPanel | ComputedPanel;

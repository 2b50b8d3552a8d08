import type { Dimension } from '../../contract/filters';
import type { PanelInfo } from '../../contract/panels';
import type { PanelRow } from '../../contract/socket';
import type { ChartOption, ChartStyle } from './style';

/** What a chart is built from: the panel's metadata and rows, nothing panel-specific. */
export interface BuildInput {
  info: PanelInfo;
  rows: readonly PanelRow[];
  /** Rows of the previous period, already moved forward onto this period's time axis. */
  previous?: readonly PanelRow[] | null;
  style: ChartStyle;
  grain?: string | undefined;
  /** When the rows were computed (epoch ms): a last bucket that ends later is still filling. */
  now?: number | undefined;
}

/**
 * How a click on the chart becomes a filter: the clicked category (`name`) or the clicked
 * series (`series`) is a value of `dimension`.
 */
export interface Drill {
  dimension: Dimension;
  via: 'name' | 'series';
}

export interface BuiltChart {
  option: ChartOption;
  drill: Drill | null;
}

/** What a click on a chart element reports, for drill-down. */
export interface ChartClick {
  componentType?: string;
  name: string;
  seriesName?: string;
  seriesId?: string;
  value?: unknown;
}

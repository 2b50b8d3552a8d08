import { aiShareOption } from './aiShare';
import { markerWordsOption } from './markerWords';
import type { PanelId } from '../../contract/panels';
import { barOption } from './bar';
import { forecastOption } from './forecast';
import { scatterLogOption } from './scatterLog';
import { timeSeriesOption } from './timeSeries';
import { PREVIOUS_PREFIX } from './columns';
import type { BuildInput, BuiltChart, ChartClick, Drill } from './types';

export type { BuildInput, BuiltChart, ChartClick, Drill } from './types';
export type { ChartOption, ChartStyle, ChartTheme } from './style';

/**
 * Panels whose picture says more with a purpose-built option. Everything else is drawn from its
 * PanelInfo alone, so a panel added to the catalogue needs no front-end code.
 */
const SPECIAL: Partial<Record<PanelId, (input: BuildInput) => BuiltChart>> = {
  'provenance.ai_share': aiShareOption,
  'provenance.marker_words': markerWordsOption
};

/** The chart for any panel: its chart kind and column roles decide. */
export function buildChart(input: BuildInput): BuiltChart {
  const special = SPECIAL[input.info.id];
  if (special) return special(input);
  switch (input.info.chart) {
    case 'stacked-share':
      return timeSeriesOption(input, true);
    case 'line':
      return timeSeriesOption(input, false);
    case 'bar':
      return barOption(input);
    case 'histogram':
      return barOption(input, true);
    case 'scatter-log':
      return scatterLogOption(input);
    case 'forecast':
      return forecastOption(input);
  }
}

/**
 * The filter value a click on a chart stands for, or null when the click is not on something a
 * filter can select (an axis, a previous-period overlay drawn for comparison only).
 */
export function drillValue(drill: Drill | null, p: ChartClick): string | null {
  if (!drill || p.componentType !== 'series') return null;
  if (drill.via === 'name') return p.name ? p.name : null;
  if (!p.seriesName || p.seriesId?.startsWith(PREVIOUS_PREFIX)) return null;
  return p.seriesName;
}

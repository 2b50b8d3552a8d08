import { axisUnit, formatUnit, timeAt } from '../format';
import { PROVENANCE_COLORS } from '../palette';
import { num } from './columns';
import { axisStyle, axisTitle, baseOption, gridFor, timeAxis } from './style';
import type { BuildInput, BuiltChart } from './types';

/**
 * provenance.marker_words: the measured share, the counterfactual it is compared with (dashed,
 * as a projection), and the excess between them as bars, the estimate itself, with its bootstrap
 * interval as a band around the bars. Document counts stay in the table and tooltip rather than
 * on a second axis. Crawl files often cover a few months only, so points are marked when there
 * are few of them: a lone month still shows, its interval as the band's two edge points.
 */
export function markerWordsOption(input: BuildInput): BuiltChart {
  const { rows, style } = input;
  const fs = style.fontSize;
  const at = (k: string) => rows.map((r) => [r.t, num(r[k])]);
  const share = { valueFormatter: (v: unknown) => formatUnit(v, 'share') };
  const sparse = rows.length <= 36;
  const width = Math.max(1.5, fs / 7);
  const base = baseOption(style);
  // The band: an invisible lower edge and the gap up to the upper edge stacked on it, filled
  // (ECharts has no band series; the forecast chart draws its bands the same way). Months
  // without an interval are gaps, not zero-width bands.
  const lo = rows.map((r) => num(r.excess_lo));
  const hi = rows.map((r) => num(r.excess_hi));
  const edge = (i: number) => (lo[i] !== null && hi[i] !== null ? (lo[i] as number) : null);
  const gap = (i: number) => (lo[i] !== null && hi[i] !== null ? (hi[i] as number) - (lo[i] as number) : null);
  const bandName = 'Excess, 95% bootstrap interval';
  const band = [
    {
      id: 'excess_lo',
      name: bandName,
      type: 'line',
      stack: 'excess-band',
      showSymbol: sparse,
      symbolSize: fs * 0.3,
      color: PROVENANCE_COLORS.ai,
      lineStyle: { opacity: 0 },
      tooltip: { show: false },
      silent: true,
      data: rows.map((r, i) => [r.t, edge(i)])
    },
    {
      id: 'excess_band',
      name: bandName,
      type: 'line',
      stack: 'excess-band',
      showSymbol: sparse,
      symbolSize: fs * 0.3,
      color: PROVENANCE_COLORS.ai,
      lineStyle: { opacity: 0 },
      areaStyle: { color: PROVENANCE_COLORS.ai, opacity: 0.25 },
      tooltip: {
        valueFormatter: (_v: unknown, i: number) =>
          lo[i] !== null && hi[i] !== null ? `${formatUnit(lo[i], 'share')} to ${formatUnit(hi[i], 'share')}` : ''
      },
      data: rows.map((r, i) => [r.t, gap(i)])
    }
  ];
  return {
    option: {
      ...base,
      tooltip: {
        ...(base.tooltip as object),
        trigger: 'axis',
        axisPointer: { label: { formatter: (p: { value: number }) => timeAt(p.value, input.grain) } }
      },
      grid: gridFor(style),
      xAxis: timeAxis(style),
      yAxis: axisStyle(style, {
        type: 'value',
        ...axisTitle(style, 'Share of documents'),
        axisLabel: { ...(axisStyle(style).axisLabel as object), formatter: (v: number) => axisUnit(v, 'share') }
      }),
      series: [
        {
          id: 'excess_share',
          name: 'Excess (lower bound)',
          type: 'bar',
          barMaxWidth: fs * 1.5,
          color: PROVENANCE_COLORS.ai,
          tooltip: share,
          data: at('excess_share')
        },
        {
          id: 'marker_share',
          name: 'With a marker word',
          type: 'line',
          showSymbol: sparse,
          symbolSize: fs * 0.5,
          color: PROVENANCE_COLORS.human,
          lineStyle: { width },
          tooltip: share,
          data: at('marker_share')
        },
        {
          id: 'baseline_share',
          name: 'Baseline (pre-ChatGPT trend)',
          type: 'line',
          showSymbol: sparse,
          symbolSize: fs * 0.4,
          color: PROVENANCE_COLORS.unknown,
          lineStyle: { width, type: 'dashed' },
          tooltip: share,
          data: at('baseline_share')
        },
        ...band
      ]
    },
    drill: null
  };
}

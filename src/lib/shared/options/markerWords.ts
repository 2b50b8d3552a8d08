import { axisUnit, formatUnit, timeAt } from '../format';
import { PROVENANCE_COLORS } from '../palette';
import { num } from './columns';
import { axisStyle, axisTitle, baseOption, gridFor, timeAxis } from './style';
import type { BuildInput, BuiltChart } from './types';

/**
 * provenance.marker_words: the measured share, the counterfactual it is compared with (dashed,
 * as a projection), and the excess between them as bars, the estimate itself. Document counts
 * stay in the table and tooltip rather than on a second axis. Crawl files often cover a few
 * months only, so points are marked when there are few of them: a lone month still shows.
 */
export function markerWordsOption(input: BuildInput): BuiltChart {
  const { rows, style } = input;
  const fs = style.fontSize;
  const at = (k: string) => rows.map((r) => [r.t, num(r[k])]);
  const share = { valueFormatter: (v: unknown) => formatUnit(v, 'share') };
  const sparse = rows.length <= 36;
  const width = Math.max(1.5, fs / 7);
  const base = baseOption(style);
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
        }
      ]
    },
    drill: null
  };
}

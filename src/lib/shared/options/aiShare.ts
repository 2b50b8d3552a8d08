import { axisUnit, formatUnit, timeAt } from '../format';
import { num, PREVIOUS_PREFIX, PREVIOUS_SUFFIX, previousLine } from './columns';
import { axisStyle, axisTitle, baseOption, gridFor, timeAxis } from './style';
import type { BuildInput, BuiltChart } from './types';
import { PROVENANCE_COLORS } from '../palette';

/**
 * provenance.ai_share, drawn by hand because its columns mix two things: four token shares that
 * add up to one (stacked areas) and the document-weighted AI share, which is a different
 * measurement of the same thing and reads best as a line over the stack.
 */
export function aiShareOption(input: BuildInput): BuiltChart {
  const { rows, style } = input;
  const fs = style.fontSize;
  const at = (k: string) => rows.map((r) => [r.t, num(r[k])]);
  const share = { valueFormatter: (v: unknown) => formatUnit(v, 'share') };
  // AI at the bottom of the stack: the top of its band is the AI token share, so the AI lines
  // (documents, previous period) compare against an edge that starts at zero.
  const stack = (['ai', 'mixed', 'unknown', 'human'] as const).map((k) => ({
    id: k,
    name: k === 'ai' ? 'AI (tokens)' : k[0]?.toUpperCase() + k.slice(1),
    type: 'line',
    stack: 'share',
    areaStyle: { opacity: 0.7 },
    symbol: 'none',
    lineStyle: { width: 0 },
    color: PROVENANCE_COLORS[k],
    tooltip: share,
    data: at(k)
  }));
  const previous = input.previous
    ? [
        {
          id: `${PREVIOUS_PREFIX}ai`,
          name: `AI (tokens)${PREVIOUS_SUFFIX}`,
          type: 'line',
          symbol: 'none',
          color: PROVENANCE_COLORS.ai,
          lineStyle: previousLine(Math.max(1.5, fs / 7)),
          tooltip: share,
          data: input.previous.map((r) => [r.t, num(r.ai)])
        }
      ]
    : [];
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
        ...axisTitle(style, 'Share of new tokens'),
        min: 0,
        max: 1,
        axisLabel: { ...(axisStyle(style).axisLabel as object), formatter: (v: number) => axisUnit(v, 'share') }
      }),
      series: [
        ...stack,
        {
          id: 'ai_docs',
          name: 'AI (documents)',
          type: 'line',
          symbol: 'none',
          color: style.theme === 'dark' ? '#F0E442' : '#000000',
          lineStyle: { width: Math.max(2, fs / 6), type: 'dashed' },
          tooltip: share,
          data: at('ai_docs')
        },
        ...previous
      ]
    },
    drill: null
  };
}

import type { PanelRow } from '../contract/socket';
import { PROVENANCE_COLORS } from '../charts/palette';
import type { ChartOption } from '../charts/echarts';

/** Stacked token shares by provenance, with the document-weighted AI share as a line on top. */
export function aiShareOption(rows: PanelRow[], opts: { fontSize?: number } = {}): ChartOption {
  const fs = opts.fontSize ?? 12;
  const series = (['human', 'mixed', 'unknown', 'ai'] as const).map((k) => ({
    name: k === 'ai' ? 'AI (tokens)' : k,
    type: 'line',
    stack: 'share',
    areaStyle: { opacity: 0.55 },
    symbol: 'none',
    lineStyle: { width: 0 },
    color: PROVENANCE_COLORS[k],
    data: rows.map((r) => [r.t, r[k]])
  }));
  return {
    backgroundColor: 'transparent',
    animation: false,
    aria: { enabled: true },
    textStyle: { fontSize: fs },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? `${(v * 100).toFixed(1)}%` : '–') },
    legend: { top: 0, textStyle: { fontSize: fs } },
    grid: { left: 48, right: 16, top: 36, bottom: 28 },
    xAxis: { type: 'time', axisLabel: { fontSize: fs } },
    yAxis: { type: 'value', min: 0, max: 1, axisLabel: { fontSize: fs, formatter: (v: number) => `${Math.round(v * 100)}%` } },
    series: [
      ...series,
      {
        name: 'AI (documents)',
        type: 'line',
        symbol: 'none',
        color: '#F0E442',
        lineStyle: { width: 2, type: 'dashed' },
        data: rows.map((r) => [r.t, r.ai_docs])
      }
    ]
  };
}

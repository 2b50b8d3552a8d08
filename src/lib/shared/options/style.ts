// Pure chart-option code: imported by the browser (canvas charts) and by the server's report
// renderer (ECharts SSR to SVG), so nothing here may touch the DOM or Node.
import type { EChartsCoreOption } from 'echarts/core';

export type ChartOption = EChartsCoreOption;
export type ChartTheme = 'dark' | 'light';

/** How big and in which colours a chart draws; the data decides everything else. */
export interface ChartStyle {
  theme: ChartTheme;
  /** Base text size in px: 12 on a desk, about 1.6vh on a wall. */
  fontSize: number;
  /** Small boxes (overview tiles, wall side charts): fewer axis labels, legend kept short. */
  dense?: boolean;
}

/** Text and rule colours per theme; they mirror app.css so charts sit in their panels. */
export const THEME_COLORS = {
  dark: { fg: '#e6ebf5', muted: '#94a3b8', rule: '#22304a', tooltipBg: '#111a2c', background: '#0b1220' },
  light: { fg: '#101828', muted: '#526079', rule: '#e3e7ef', tooltipBg: '#ffffff', background: '#ffffff' }
} as const;

/**
 * The parts every chart shares. Times are UTC like the data; animation is off because live data
 * replaces the option every second and a moving chart reads as noise on a wall.
 */
export function baseOption(style: ChartStyle): Record<string, unknown> {
  const c = THEME_COLORS[style.theme];
  const fs = style.fontSize;
  return {
    backgroundColor: 'transparent',
    animation: false,
    useUTC: true,
    aria: { enabled: true },
    textStyle: { fontSize: fs, color: c.fg },
    legend: {
      top: 0,
      type: 'scroll',
      textStyle: { fontSize: fs, color: c.fg },
      pageTextStyle: { color: c.muted },
      itemWidth: Math.round(fs * 1.6),
      itemHeight: Math.round(fs * 0.9)
    },
    tooltip: {
      confine: true,
      backgroundColor: c.tooltipBg,
      borderColor: c.rule,
      textStyle: { color: c.fg, fontSize: fs }
    }
  };
}

/** An axis in the theme's colours. */
export function axisStyle(style: ChartStyle, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const c = THEME_COLORS[style.theme];
  return {
    axisLabel: { color: c.muted, fontSize: style.fontSize, hideOverlap: true },
    axisLine: { lineStyle: { color: c.rule } },
    axisTick: { lineStyle: { color: c.rule } },
    splitLine: { lineStyle: { color: c.rule } },
    nameTextStyle: { color: c.muted, fontSize: style.fontSize },
    ...extra
  };
}

/**
 * Time-axis labels by level: years as 2025, months as Mar, days as 5 Mar, so a long axis reads
 * as a calendar and a short one as a clock.
 */
export const TIME_LABELS = {
  year: '{yyyy}',
  month: '{MMM}',
  day: '{d} {MMM}',
  hour: '{HH}:{mm}',
  minute: '{HH}:{mm}',
  second: '{HH}:{mm}:{ss}'
} as const;

/**
 * An axis title along the axis, which ECharts moves clear of the axis labels (the grid keeps
 * titles inside the box too, see gridFor).
 */
export function axisTitle(style: ChartStyle, title: string | undefined): Record<string, unknown> {
  if (!title) return {};
  return { name: title, nameLocation: 'middle', nameGap: Math.round(style.fontSize * 0.6), nameMoveOverlap: true };
}

/** A time x axis in the theme's colours. */
export function timeAxis(style: ChartStyle): Record<string, unknown> {
  return axisStyle(style, {
    type: 'time',
    splitLine: { show: false },
    // The first label starts at the axis origin instead of centring on it, so it cannot run
    // into the lowest value label of the y axis in the corner ("0.0001%" over "2010").
    axisLabel: { ...(axisStyle(style).axisLabel as object), formatter: TIME_LABELS, alignMinLabel: 'left', alignMaxLabel: 'right' }
  });
}

/** What a grid adds to its top for the legend drawn above it (legend.ts gives it back). */
export function legendRoom(fontSize: number): number {
  return Math.round(fontSize * 3) - fontSize;
}

/**
 * Room for the legend on top; axis labels and titles are kept inside the box by ECharts itself
 * (outerBounds), so long values such as "100T" or "$1.2k" are never cut at the edge.
 */
export function gridFor(style: ChartStyle, opts: { legend?: boolean } = {}) {
  const fs = style.fontSize;
  return {
    top: opts.legend === false ? fs : fs + legendRoom(fs),
    bottom: Math.round(fs * 0.5),
    left: Math.round(fs * 0.5),
    right: Math.round(fs * 1.2),
    outerBoundsMode: 'same',
    outerBoundsContain: 'all'
  };
}

import * as echarts from 'echarts/core';
import { BarChart, LineChart, ScatterChart } from 'echarts/charts';
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent
} from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { buildChart } from '../../src/lib/shared/options';
import { withAnnotations } from '../../src/lib/shared/options/annotations';
import type { Annotation } from '../../src/lib/contract/annotations';
import type { ChartOption } from '../../src/lib/shared/options/style';
import type { PanelInfo } from '../../src/lib/contract/panels';
import type { PanelRow } from '../../src/lib/contract/socket';

// Only what reports draw; the SVG renderer needs no DOM or canvas, so this runs in plain Node.
echarts.use([
  BarChart,
  LineChart,
  ScatterChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  MarkLineComponent,
  MarkAreaComponent,
  TitleComponent,
  AriaComponent,
  SVGRenderer
]);

// 720×190 prints about 45 mm tall on A4: with its description, table and notes, two panels fit a page.
const REPORT_CHART = { width: 720, height: 190, fontSize: 11 } as const;
const FORECAST_HEIGHT = 340;

/** An ECharts option as an SVG string, server-side (ECharts SSR: no DOM, no browser). */
function renderSvg(option: ChartOption, width: number = REPORT_CHART.width, height: number = REPORT_CHART.height): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    // Tooltips and interaction mean nothing on paper.
    chart.setOption({ ...option, tooltip: { show: false }, animation: false });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** A panel's chart for print: the same option builder as the dashboard, light theme. */
export function panelSvg(
  info: PanelInfo,
  rows: readonly PanelRow[],
  grain?: string,
  marks: { annotations: readonly Annotation[]; numbers: ReadonlyMap<string, number> } = { annotations: [], numbers: new Map() }
): string {
  const style = { theme: 'light', fontSize: REPORT_CHART.fontSize } as const;
  const built = buildChart({ info, rows, grain, style });
  // Annotations numbered as in the report's list beneath, so paper needs no hover.
  // The forecast is two charts in one (tokens above, probability below): each keeps its height.
  const height = info.chart === 'forecast' ? FORECAST_HEIGHT : REPORT_CHART.height;
  return renderSvg(
    withAnnotations(built.option, { info, annotations: marks.annotations, numbers: marks.numbers, style, width: REPORT_CHART.width }),
    REPORT_CHART.width,
    height
  );
}

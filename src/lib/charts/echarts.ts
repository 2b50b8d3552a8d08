// Only the chart types and components the dashboards use, so the page does not ship the whole
// library, and only the canvas renderer: reports draw their SVG on the server with their own
// set (server/report/render.ts). Chart.svelte imports this module on its own, so a page is up
// and subscribed while the library is still on its way.
import * as echarts from 'echarts/core';
import { BarChart, LineChart, ScatterChart, HeatmapChart } from 'echarts/charts';
import {
  GridComponent,
  TooltipComponent,
  LegendComponent,
  DataZoomComponent,
  MarkLineComponent,
  MarkAreaComponent,
  TitleComponent,
  VisualMapComponent,
  AriaComponent,
  DatasetComponent
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([
  BarChart,
  LineChart,
  ScatterChart,
  HeatmapChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  DataZoomComponent,
  MarkLineComponent,
  MarkAreaComponent,
  TitleComponent,
  VisualMapComponent,
  AriaComponent,
  DatasetComponent,
  CanvasRenderer
]);

export { echarts };
export type { EChartsCoreOption as ChartOption } from 'echarts/core';

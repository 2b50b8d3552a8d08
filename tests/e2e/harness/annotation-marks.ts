/// <reference lib="dom" />
// Bundled into the test page by tests/e2e/annotation-labels.spec.ts: the product's own option
// builders and annotation marks, drawn by ECharts into SVG in the browser, so the test measures
// the labels as Chromium lays their text out.
import * as echarts from 'echarts';
import type { Annotation } from '../../../src/lib/contract/annotations';
import type { PanelInfo } from '../../../src/lib/contract/panels';
import type { PanelRow } from '../../../src/lib/contract/socket';
import { buildChart } from '../../../src/lib/shared/options';
import { withAnnotations } from '../../../src/lib/shared/options/annotations';

export interface DrawInput {
  info: PanelInfo;
  rows: PanelRow[];
  grain: string;
  annotations: Annotation[];
  width: number;
  height: number;
  fontSize: number;
  dense: boolean;
}

export interface DrawResult {
  /** Every annotation label drawn, as the browser lays it out (px, page coordinates). */
  labels: { text: string; left: number; right: number; top: number; bottom: number }[];
  /** The SVG's own box. */
  box: { left: number; right: number; top: number; bottom: number };
  /** Marks in the option: each mark's label, and whether it is shown. */
  marks: { name: string; shown: boolean; ids: number }[];
}

function draw(input: DrawInput, labelPrefix: string): DrawResult {
  const style = { theme: 'dark', fontSize: input.fontSize, dense: input.dense } as const;
  const built = buildChart({ info: input.info, rows: input.rows, grain: input.grain, style });
  const option = withAnnotations(built.option, { info: input.info, annotations: input.annotations, style, width: input.width });
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: input.width, height: input.height });
  let svg: string;
  try {
    chart.setOption({ ...option, animation: false });
    svg = chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
  const host = document.createElement('div');
  host.innerHTML = svg;
  document.body.replaceChildren(host);
  const root = host.querySelector('svg');
  if (!root) throw new Error('ECharts drew no SVG');
  const r = root.getBoundingClientRect();
  const labels = [...root.querySelectorAll('text')]
    .filter((t) => (t.textContent ?? '').startsWith(labelPrefix))
    .map((t) => {
      const b = t.getBoundingClientRect();
      return { text: t.textContent ?? '', left: b.left, right: b.right, top: b.top, bottom: b.bottom };
    });
  const series = (
    option as { series: { markLine?: { data: Record<string, unknown>[] }; markArea?: { data: Record<string, unknown>[][] } }[] }
  ).series;
  const mine = series[series.length - 1];
  const marks = [...(mine?.markLine?.data ?? []), ...(mine?.markArea?.data ?? []).map((pair) => pair[0] ?? {})]
    .filter((d) => Array.isArray(d.annotationIds))
    .map((d) => ({
      name: String(d.name),
      shown: (d.label as { show?: boolean } | undefined)?.show !== false,
      ids: (d.annotationIds as unknown[]).length
    }));
  return { labels, box: { left: r.left, right: r.right, top: r.top, bottom: r.bottom }, marks };
}

(window as unknown as { drawMarks: typeof draw }).drawMarks = draw;

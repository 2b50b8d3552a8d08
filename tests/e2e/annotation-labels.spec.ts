/// <reference lib="dom" />
// Crowded annotations on the charts where they crowd first (the AI share and the forecast), at
// phone width, on a desk and at wall size: the product's option builders and marks drawn by
// ECharts in Chromium, and every label's box as the browser lays out its text. No two labels may
// overlap and none may run off the chart; labels that find no room are hidden while their marks
// stay, with the text in the hover and in the list under the chart.
import { build } from 'esbuild';
import { expect, test } from '@playwright/test';
import type { Annotation } from '../../src/lib/contract/annotations';
import type { PanelInfo } from '../../src/lib/contract/panels';
import type { PanelRow } from '../../src/lib/contract/socket';
import type { DrawInput, DrawResult } from './harness/annotation-marks';
import { historyWritten } from './ready';

const BASE = `http://127.0.0.1:${process.env.E2E_PORT ?? 4173}`;
const PREFIX = 'Crowd';

test.beforeAll(async () => historyWritten());

let harness = '';
test.beforeAll(async () => {
  const out = await build({
    entryPoints: ['tests/e2e/harness/annotation-marks.ts'],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    write: false,
    logLevel: 'silent'
  });
  harness = out.outputFiles[0]?.text ?? '';
});

/** Events every four months from 2020 to 2040, and bursts of five within a fortnight, and two regions. */
function crowd(): Annotation[] {
  const base = { version: 1, text: '', tags: [], panels: [], source: null, author: '', origin: 'user' as const };
  const out: Annotation[] = [];
  let n = 0;
  const event = (time: number) => {
    n++;
    out.push({ ...base, id: `crowd-${n}`, kind: 'event', time, timeEnd: null, title: `${PREFIX} ${String(n).padStart(2, '0')} event` });
  };
  for (let m = 0; m < 240; m += 4) event(Date.UTC(2020, m, 1));
  for (const y of [2023, 2025, 2028]) for (let d = 0; d < 15; d += 3) event(Date.UTC(y, 2, 10 + d));
  for (const [y, len] of [
    [2024, 60],
    [2027, 400]
  ] as const) {
    n++;
    out.push({
      ...base,
      id: `crowd-${n}`,
      kind: 'region',
      time: Date.UTC(y, 5, 1),
      timeEnd: Date.UTC(y, 5, 1) + len * 86_400_000,
      title: `${PREFIX} ${n} region`
    });
  }
  return out;
}

async function panel(id: string): Promise<{ info: PanelInfo; rows: PanelRow[]; grain: string }> {
  const { panels } = (await (await fetch(`${BASE}/api/panels`)).json()) as { panels: PanelInfo[] };
  const info = panels.find((p) => p.id === id);
  if (!info) throw new Error(`no panel ${id}`);
  const data = (await (await fetch(`${BASE}/api/panels/${id}`)).json()) as { rows: PanelRow[]; grain: string };
  return { info, rows: data.rows, grain: data.grain };
}

const SIZES = [
  { name: 'phone', width: 360, height: 240, fontSize: 12, dense: true },
  { name: 'desk', width: 1200, height: 320, fontSize: 12, dense: false },
  { name: 'wall', width: 3840, height: 1500, fontSize: 35, dense: false }
];

for (const id of ['provenance.ai_share', 'forecast.peak_data']) {
  test(`annotation labels on ${id} never overlap at phone, desk and wall size`, async ({ page }) => {
    const { info, rows, grain } = await panel(id);
    expect(rows.length, `${id} has rows to draw`).toBeGreaterThan(1);
    await page.setContent('<!doctype html><html><body style="margin:0"></body></html>');
    await page.addScriptTag({ content: harness });
    const annotations = crowd();
    for (const size of SIZES) {
      const input: DrawInput = {
        info,
        rows,
        grain,
        annotations,
        width: size.width,
        height: size.height,
        fontSize: size.fontSize,
        dense: size.dense
      };
      const r = await page.evaluate(
        ([i, prefix]) => (window as unknown as { drawMarks: (i: DrawInput, p: string) => DrawResult }).drawMarks(i, prefix),
        [input, PREFIX] as const
      );
      const where = `${id} at ${size.name} (${size.width}px)`;
      const shown = r.marks.filter((m) => m.shown);
      // The crowd is crowded here: some labels drawn, and the marks hold every annotation in view.
      expect(shown.length, `${where}: labels drawn`).toBeGreaterThan(1);
      expect(r.labels.map((l) => l.text).sort(), `${where}: the labels drawn are the marks shown`).toEqual(shown.map((m) => m.name).sort());
      for (const [i, a] of r.labels.entries()) {
        expect(a.left, `${where}: "${a.text}" inside the chart`).toBeGreaterThanOrEqual(r.box.left - 0.5);
        expect(a.right, `${where}: "${a.text}" inside the chart`).toBeLessThanOrEqual(r.box.right + 0.5);
        for (const b of r.labels.slice(i + 1)) {
          const overlap = a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
          expect(
            overlap,
            `${where}: "${a.text}" [${a.left.toFixed(0)}-${a.right.toFixed(0)}] overlaps "${b.text}" [${b.left.toFixed(0)}-${b.right.toFixed(0)}]`
          ).toBe(false);
        }
      }
      if (size.name === 'phone') expect(shown.length, `${where}: some labels make way`).toBeLessThan(r.marks.length);
    }
  });
}

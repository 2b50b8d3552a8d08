// Wall display soak: the production server with the simulator on (a row batch every second, so
// the wall's charts update at their normal rate), /wall in headless Chromium, and the page's JS
// heap measured after a forced garbage collection every SAMPLE_S (30) seconds for DURATION_S (600)
// after WARMUP_S (120).
// Budget (DESIGN.md, bench/budgets.ts): first data on screen within 1 s; JS heap flat over the soak.
// Run alone with `DURATION_S=600 npx tsx bench/wall-soak.ts`, or `npm run bench -- wall --minutes 60`.
import type { CDPSession } from 'playwright-core';
import { isMain, round, sleep } from './lib';
import { startWallRig } from './wall-rig';

export interface WallSoakResult {
  duration_s: number;
  warmup_s: number;
  sample_s: number;
  url: string;
  /** From navigation to the first chart drawn with data. */
  first_data_ms: number;
  heap_start_mib: number;
  heap_end_mib: number;
  heap_max_mib: number;
  /** Least-squares slope of the heap over the soak; flat means within noise of zero. */
  heap_slope_mib_per_min: number;
  /** The same over the second half of the soak: a leak keeps its slope, warm-up does not. */
  heap_slope_second_half_mib_per_min: number;
  /** Heap growth over the soak as a share of the starting heap. */
  heap_growth: number;
  scenes_shown: number;
  dom_nodes_end: number;
  canvases_end: number;
  server_rss_mib_end: number;
  samples: { t_s: number; heap_mib: number; dom_nodes: number; canvases: number; server_rss_mib: number }[];
  summary: string;
}

const MiB = 2 ** 20;

async function heapAfterGc(cdp: CDPSession): Promise<number> {
  // Twice: the first pass can leave objects whose finalizers free more on the second.
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return usedSize;
}

/** Slope of y over x by least squares. */
function slope(xs: number[], ys: number[]): number {
  const n = xs.length;
  if (n < 2) return 0;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += ((xs[i] as number) - mx) * ((ys[i] as number) - my);
    den += ((xs[i] as number) - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

export async function main(): Promise<WallSoakResult> {
  const durationS = Number(process.env.DURATION_S ?? 600);
  const sampleS = Number(process.env.SAMPLE_S ?? 30);
  const dwell = Number(process.env.DWELL_S ?? 20);
  // The first two minutes fill every scene's subscription and draw each chart at least once
  // (code, fonts and V8's optimised code warm up); the soak is measured after them.
  const warmupS = Number(process.env.WARMUP_S ?? 120);
  const { server, browser, stop } = await startWallRig(['--js-flags=--expose-gc']);
  try {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const cdp = await page.context().newCDPSession(page);
    const url = `${server.url}/wall?dwell=${dwell}`;
    const t0 = performance.now();
    await page.goto(url);
    await page.locator('[data-scene] canvas').first().waitFor({ state: 'visible', timeout: 30_000 });
    const firstDataMs = performance.now() - t0;

    const samples: WallSoakResult['samples'] = [];
    const scenes = new Set<string>();
    const warmEnd = performance.now() + warmupS * 1000;
    while (performance.now() < warmEnd) {
      const s = await page.locator('[data-scene]').first().getAttribute('data-scene');
      if (s) scenes.add(s);
      await sleep(2000);
    }
    const start = performance.now();
    for (;;) {
      const t = (performance.now() - start) / 1000;
      const heap = await heapAfterGc(cdp);
      const dom = await page.evaluate(() => document.getElementsByTagName('*').length);
      const canvases = await page.locator('canvas').count();
      samples.push({ t_s: round(t, 0), heap_mib: round(heap / MiB, 2), dom_nodes: dom, canvases, server_rss_mib: server.rssMiB() });
      process.stderr.write(`wall-soak t=${Math.round(t)}s heap=${round(heap / MiB, 2)} MiB dom=${dom} canvases=${canvases}\n`);
      if (t >= durationS) break;
      // Between samples, note which scenes came up (the rotation must keep going).
      const until = performance.now() + Math.min(sampleS, durationS - t) * 1000;
      while (performance.now() < until) {
        const s = await page.locator('[data-scene]').first().getAttribute('data-scene');
        if (s) scenes.add(s);
        await sleep(2000);
      }
    }
    const canvases = await page.locator('canvas').count();
    const heaps = samples.map((s) => s.heap_mib);
    const first = heaps[0] ?? NaN;
    const last = heaps[heaps.length - 1] ?? NaN;
    const perMin = slope(
      samples.map((s) => s.t_s / 60),
      heaps
    );
    const late = samples.filter((x) => x.t_s >= durationS / 2);
    const lateSlope = slope(
      late.map((x) => x.t_s / 60),
      late.map((x) => x.heap_mib)
    );
    const result: WallSoakResult = {
      duration_s: durationS,
      warmup_s: warmupS,
      sample_s: sampleS,
      url: `/wall?dwell=${dwell}`,
      first_data_ms: Math.round(firstDataMs),
      heap_start_mib: first,
      heap_end_mib: last,
      heap_max_mib: Math.max(...heaps),
      heap_slope_mib_per_min: round(perMin, 3),
      heap_slope_second_half_mib_per_min: round(lateSlope, 3),
      heap_growth: round((last - first) / first, 3),
      scenes_shown: scenes.size,
      dom_nodes_end: samples[samples.length - 1]?.dom_nodes ?? NaN,
      canvases_end: canvases,
      server_rss_mib_end: server.rssMiB(),
      samples,
      summary: `heap ${first} → ${last} MiB (max ${Math.max(...heaps)}), slope ${round(perMin, 3)} MiB/min over ${durationS} s after ${warmupS} s warm-up (second half ${round(lateSlope, 3)} MiB/min); first data ${Math.round(firstDataMs)} ms`
    };
    return result;
  } finally {
    await stop();
  }
}

if (isMain(import.meta.url)) {
  main().then(
    (r) => process.stdout.write(`${JSON.stringify(r, null, 2)}\n`),
    (e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    }
  );
}

// Wall display start-up: how long a screen that boots (or reloads) takes from navigation to its
// first chart drawn with data. The production server runs with the simulator on, its history
// filled; each load is a new browser context, so nothing is cached, as on a display that powers
// on. LOADS (default 12) loads in turn, after one that is not counted (the server's first page).
//
// The page notes, on its own clock (performance.now(), from the start of navigation), when
// the document was parsed, when the socket's first panel result arrived and when the first chart
// canvas appeared in a scene, so the time is split where it goes.
// Budget (DESIGN.md, bench/budgets.ts): first data on screen within 1 s. Run alone with
// `npx tsx bench/wall-first.ts`, or `npm run bench -- wall_first`.
import { isMain, p50p95 } from './lib';
import { startWallRig } from './wall-rig';

/** What the page notes on its own clock (window.__marks). */
interface PageMarks {
  socket_open: number | null;
  first_result: number | null;
  first_chart: number | null;
}
interface Marks extends PageMarks {
  dcl: number;
}

/**
 * Runs in the page before its own scripts: notes the first socket message that carries a panel
 * result and the first canvas inside a wall scene.
 */
function markFirsts(): void {
  const w = window as unknown as { __marks: PageMarks };
  w.__marks = { socket_open: null, first_result: null, first_chart: null };
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.addEventListener('open', () => (w.__marks.socket_open ??= performance.now()));
      this.addEventListener('message', (e: MessageEvent) => {
        if (w.__marks.first_result === null && typeof e.data === 'string' && e.data.includes('"rows"'))
          w.__marks.first_result = performance.now();
      });
    }
  };
  new MutationObserver((_, obs) => {
    if (document.querySelector('[data-scene] canvas')) {
      w.__marks.first_chart = performance.now();
      obs.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
}

export async function main() {
  const loads = Number(process.env.LOADS ?? 12);
  const { server, browser, stop } = await startWallRig();
  try {
    const runs: Marks[] = [];
    for (let i = 0; i <= loads; i++) {
      const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
      const page = await context.newPage();
      await page.addInitScript(markFirsts);
      await page.goto(`${server.url}/wall?dwell=60`);
      await page.locator('[data-scene] canvas').first().waitFor({ state: 'visible', timeout: 30_000 });
      const m = await page.evaluate(() => {
        const w = window as unknown as { __marks: PageMarks };
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
        return { dcl: nav?.domContentLoadedEventEnd ?? NaN, ...w.__marks };
      });
      if (i > 0) runs.push(m);
      await context.close();
    }
    const of = (k: keyof Marks) => p50p95(runs.map((r) => r[k] ?? NaN));
    const [chart, parsed, open, result] = [of('first_chart'), of('dcl'), of('socket_open'), of('first_result')];
    return {
      loads,
      url: '/wall?dwell=60',
      first_data_p50_ms: chart.p50,
      first_data_p95_ms: chart.p95,
      document_parsed_p50_ms: parsed.p50,
      socket_open_p50_ms: open.p50,
      first_result_p50_ms: result.p50,
      /** Each load: document parsed / socket open / first panel result / first chart, ms. */
      runs: runs.map((r) => [r.dcl, r.socket_open, r.first_result, r.first_chart].map((v) => Math.round(v ?? NaN)).join('/')),
      summary: `first chart with data p50 ${chart.p50} ms, p95 ${chart.p95} ms over ${loads} cold loads (p50s: document parsed ${parsed.p50} ms, socket open ${open.p50} ms, first panel result ${result.p50} ms)`
    };
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

// What both wall benchmarks stand on: the production server with the simulator on and its
// history filled (a display that boots finds a running server), and a headless Chromium.
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_HELP, HEADLESS_ARGS, chromiumPath } from '../server/report/chromium';
import { getJson, sleep, startServerProcess } from './lib';

export interface WallRig {
  server: Awaited<ReturnType<typeof startServerProcess>>;
  browser: Browser;
  stop(): Promise<void>;
}

export async function startWallRig(extraArgs: readonly string[] = []): Promise<WallRig> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error(CHROMIUM_HELP);
  const server = await startServerProcess({ SIMULATE: 'on' });
  const browser = await chromium.launch({ executablePath, args: [...HEADLESS_ARGS, ...extraArgs] }).catch(async (e: unknown) => {
    await server.stop();
    throw e;
  });
  const stop = async () => {
    await browser.close();
    await server.stop();
  };
  const json = <T>(path: string) => getJson<T>(server.url + path);
  try {
    // History first: the benchmarks measure the wall at its normal update rate, not the backfill
    // (the server says when it has filled its history; live rows then arrive every second).
    for (let i = 0; i < 240; i++) {
      const s = await json<Record<string, { rows: number; last_ts: string | null }>>('/api/streams');
      const h = await json<{ filling_history?: boolean }>('/api/health');
      const live = s?.crawl?.last_ts && Date.now() - Date.parse(s.crawl.last_ts) < 10_000;
      if ((s?.training?.rows ?? 0) > 0 && live && h?.filling_history === false) break;
      await sleep(500);
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return { server, browser, stop };
}

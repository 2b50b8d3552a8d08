import { expect, test } from '@playwright/test';

/**
 * Waits until the simulator has written its history and streams live rows. The server answers
 * health checks before the backfill ends; a test that reads history earlier sees it half made.
 * The server is another process, so its state is asked for until it holds (Playwright's retrying
 * assertion), with the reason in the failure.
 */
export async function historyReady(base = `http://127.0.0.1:${process.env.E2E_PORT ?? 4173}`): Promise<void> {
  // Called from beforeAll hooks, whose own limit (the 60 s test timeout) is shorter than the
  // backfill on a loaded machine: the hook gets the wait's limit plus room to start.
  test.setTimeout(Math.max(test.info().timeout, 330_000));
  await expect
    .poll(
      async () => {
        const res = await fetch(`${base}/api/streams`).catch(() => null);
        if (!res?.ok) return 'not answering';
        const s = (await res.json()) as Record<string, { rows: number; last_ts: string | null }>;
        if (!((s.training?.rows ?? 0) > 0 && (s.samples?.rows ?? 0) > 0)) return 'history not written yet';
        // Live: the newest crawl row is recent by the server's own clock of the data.
        const live = s.crawl?.last_ts ? Date.now() - Date.parse(s.crawl.last_ts) < 30_000 : false;
        return live ? 'ready' : 'not streaming live rows';
      },
      { message: 'the simulator did not finish its history and start streaming within 300 s', timeout: 300_000 }
    )
    .toBe('ready');
}

/**
 * Waits until the server has finished its first start: the published series and the simulated
 * history are written (/api/health no longer says `filling_history`). Unlike historyReady it does
 * not wait for live rows: pages checked for how they look need the data in place, not the stream.
 */
export async function historyWritten(base = `http://127.0.0.1:${process.env.E2E_PORT ?? 4173}`): Promise<void> {
  test.setTimeout(Math.max(test.info().timeout, 330_000));
  await expect
    .poll(
      async () => {
        const res = await fetch(`${base}/api/health`).catch(() => null);
        if (!res) return 'not answering';
        const h = (await res.json().catch(() => ({}))) as { filling_history?: boolean };
        return h.filling_history === false ? 'written' : 'still filling';
      },
      { message: 'the server did not finish writing its history within 300 s', timeout: 300_000 }
    )
    .toBe('written');
}

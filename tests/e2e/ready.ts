/**
 * Waits until the simulator has written its history and streams live rows. The server answers
 * health checks before the backfill ends; a test that reads history earlier sees it half made.
 */
export async function historyReady(base = `http://127.0.0.1:${process.env.E2E_PORT ?? 4173}`, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${base}/api/streams`);
      if (res.ok) {
        const s = (await res.json()) as Record<string, { rows: number; last_ts: string | null }>;
        const live = s.crawl?.last_ts ? Date.now() - Date.parse(s.crawl.last_ts) < 30_000 : false;
        if ((s.training?.rows ?? 0) > 0 && (s.samples?.rows ?? 0) > 0 && live) return;
      }
    } catch {
      // not answering yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the simulator did not finish its history within ${timeoutMs / 1000} s`);
}

// Real beside simulated, and which is which: on the simulating server a simulated panel carries
// the "simulated" tag and a published one does not (and cites its source); on a second server,
// started with SIMULATE=off and fed over HTTP, no panel is tagged.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { expect, test } from '@playwright/test';
import { historyReady } from './ready';

test.describe('on the simulating server', () => {
  test.beforeAll(async () => {
    // A first start loads the published series, then the simulated history: slow on a busy machine.
    test.setTimeout(240_000);
    await historyReady();
  });

  test('a simulated panel and tile are tagged; a published panel is not, and cites its source', async ({ page }) => {
    test.setTimeout(240_000);
    await page.goto('/');
    const simulated = page.locator('[data-domain="provenance"] [data-panel="provenance.ai_share"]');
    // Twenty-odd panels answer their first subscriptions at once; on a busy machine that takes a while.
    await expect(simulated).not.toHaveAttribute('data-seq', '0', { timeout: 90_000 });
    await expect(simulated).toHaveAttribute('data-simulated', 'true');
    await expect(simulated.getByTestId('simulated-tag')).toHaveText(/simulated/i);
    await expect(page.locator('[data-tile="ai_share"]')).toHaveAttribute('data-simulated', 'true', { timeout: 60_000 });

    const real = page.locator('[data-domain="published"] [data-panel="published.crawl_volume"]');
    await expect(real).not.toHaveAttribute('data-seq', '0', { timeout: 60_000 });
    await expect(real.locator('canvas').first()).toBeVisible();
    await expect(real).toHaveAttribute('data-simulated', 'false');
    await expect(real.getByTestId('simulated-tag')).toHaveCount(0);
    await expect(real.getByTestId('citation')).toContainText('Common Crawl, cc-crawl-statistics');

    // Measured beside simulated: Indeed's postings next to the freelance index, the words next to the AI share.
    const market = page.locator('[data-domain="market"] [data-panel]');
    const ids = await market.evaluateAll((els) => els.map((e) => e.getAttribute('data-panel')));
    expect(ids.indexOf('published.job_postings')).toBe(ids.indexOf('market.postings_index') + 1);
    const jobs = page.locator('[data-panel="published.job_postings"]');
    await expect(jobs).not.toHaveAttribute('data-seq', '0', { timeout: 60_000 });
    await expect(jobs).toHaveAttribute('data-simulated', 'false');
    await expect(jobs.getByTestId('citation')).toContainText('Indeed Hiring Lab');
    await expect(page.locator('[data-domain="provenance"] [data-panel="published.llm_words"]')).toHaveAttribute('data-simulated', 'false', {
      timeout: 60_000
    });
    await page.screenshot({ path: 'test-results/screenshots/overview-real-and-simulated.png' });
  });
});

test.describe('on a server with SIMULATE=off and ingested rows', () => {
  let proc: ChildProcess | undefined;
  let base = '';
  const dir = mkdtempSync(join(tmpdir(), 'pdo-e2e-real-'));
  // The server's log, to say what it was doing if it does not stop when asked.
  const log: string[] = [];

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    // Port 0: the server picks a free port and logs it.
    const child = spawn(process.execPath, ['build/current/observatory/index.js'], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', CHDB_PATH: dir, SIMULATE: 'off', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'inherit']
    });
    proc = child;
    base = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).on('line', (l) => {
        log.push(l);
        try {
          const m = JSON.parse(l) as { msg?: string; url?: string };
          if (m.msg === 'listening' && m.url) resolve(m.url);
        } catch {
          // not a log line
        }
      });
      child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    });
    const now = Date.now();
    const rows = Array.from({ length: 200 }, (_, i) => ({
      ts: now - i * 3_600_000,
      url: `https://news-${i % 5}.example.org/a/${i}`,
      lang: i % 2 ? 'en' : 'de',
      content_type: 'article',
      tokens: 400 + i,
      provenance: i % 3 === 0 ? 'ai' : 'human'
    }));
    const res = await fetch(`${base}/api/ingest/crawl`, {
      method: 'POST',
      body: rows.map((r) => JSON.stringify(r)).join('\n') + '\n',
      headers: { 'content-type': 'application/x-ndjson' }
    });
    expect(res.status).toBe(200);
  });

  test.afterAll(async () => {
    if (proc && proc.exitCode === null) {
      const exited = new Promise((r) => proc?.once('exit', r));
      proc.kill('SIGTERM');
      // The server ends itself within its shutdown grace (15 s); well past that it is hung.
      let timer: ReturnType<typeof setTimeout> | undefined;
      const hung = await Promise.race([exited.then(() => false), new Promise<boolean>((r) => (timer = setTimeout(() => r(true), 45_000)))]);
      clearTimeout(timer);
      if (hung) {
        proc.kill('SIGKILL');
        throw new Error(`the server did not exit within 45 s of SIGTERM; its last log lines:\n${log.slice(-20).join('\n')}`);
      }
    }
    rmSync(dir, { recursive: true, force: true });
  });

  test('panels over ingested rows carry no simulated tag', async ({ page }) => {
    test.setTimeout(180_000);
    await page.goto(base);
    const panel = page.locator('[data-panel="provenance.ai_share"]');
    // The first start loads the published series before answering panels quickly.
    await expect(panel).not.toHaveAttribute('data-seq', '0', { timeout: 150_000 });
    await expect(panel.locator('canvas').first()).toBeVisible();
    await expect(panel).toHaveAttribute('data-simulated', 'false');
    const streams = (await (await fetch(`${base}/api/streams`)).json()) as Record<string, { rows: number; simulated_rows: number }>;
    expect(streams.crawl).toMatchObject({ rows: 200, simulated_rows: 0 });
    await expect(page.locator('[data-tile="ai_share"] .value:not(.placeholder)')).toBeVisible();
    await expect(page.getByTestId('simulated-tag')).toHaveCount(0);
  });
});

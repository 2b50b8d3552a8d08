import { historyWritten } from './ready';
import { expect, test, type APIRequestContext } from '@playwright/test';

test.beforeAll(async () => {
  // A first start loads the published series, then the simulated history: slow on a busy machine.
  test.setTimeout(240_000);
  await historyWritten();
});

let sent = 0;
/**
 * The step that makes the live panels change: crawl rows written now through the ingest API
 * (open to loopback without a token), one human and one AI document in English, which changes
 * the current period of every crawl panel the tests watch. The hub refreshes a stream's keys
 * straight after ingest marks it dirty, so the push follows this call, not the simulator's pace.
 */
async function ingestCrawlNow(request: APIRequestContext): Promise<void> {
  const now = Date.now();
  const data = (['human', 'ai'] as const)
    .map((provenance, i) =>
      JSON.stringify({
        ts: now - 1000 + i,
        url: `https://overview-e2e.example.org/${++sent}`,
        lang: 'en',
        content_type: 'article',
        tokens: 1500 + sent,
        provenance
      })
    )
    .join('\n');
  const res = await request.post('/api/ingest/crawl', { data, headers: { 'content-type': 'application/x-ndjson' } });
  expect(res.status(), await res.text()).toBe(200);
}

test('the overview chart draws live data and updates when rows arrive', async ({ page, request }) => {
  // The first page after the history is written waits for the engine's first answers, which a
  // loaded machine (merges of the history still running) can take most of a minute to give.
  test.setTimeout(120_000);
  await page.goto('/');
  const panel = page.locator('[data-panel="provenance.ai_share"]');
  await expect(page.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();
  // First data: the panel's seq becomes non-zero and the chart has drawn a canvas.
  await expect(panel).not.toHaveAttribute('data-seq', '0', { timeout: 60_000 });
  await expect(panel.locator('canvas').first()).toBeVisible();
  await expect(page.getByTestId('ai-share-now')).toHaveText(/^\d+\.\d%$/);
  const first = Number(await panel.getAttribute('data-seq'));
  // Rows written now change the result, and the server pushes it to the open page.
  await ingestCrawlNow(request);
  await expect
    .poll(async () => Number(await panel.getAttribute('data-seq')), { message: 'no live update reached the panel' })
    .toBeGreaterThan(first);
  await page.screenshot({ path: 'test-results/screenshots/overview-1920x1080.png' });
});

test('every catalogue panel has its place, headline tiles fill in, and charts update in place', async ({ page, request }) => {
  const { panels } = (await (await request.get('/api/panels')).json()) as { panels: { id: string; chart: string }[] };
  expect(panels.length).toBeGreaterThan(0);
  await page.goto('/');
  // Each panel of the catalogue is on the page once, in a section, and draws (published panels
  // sit in their own section or beside their simulated counterpart).
  for (const p of panels) {
    const box = page.locator(`[data-domain] [data-panel="${p.id}"]`);
    await expect(box, p.id).toHaveCount(1);
    await expect(box, p.id).not.toHaveAttribute('data-seq', '0', { timeout: 30_000 });
    await expect(box.locator('[data-state="error"]'), p.id).toHaveCount(0);
  }
  // Headline tiles: a number, not a placeholder.
  for (const id of ['ai_share', 'human_tokens', 'writing_postings', 'diversity', 'peak_data']) {
    await expect(page.locator(`[data-tile="${id}"] .value:not(.placeholder)`), id).toBeVisible({ timeout: 30_000 });
  }
  await expect(page.getByTestId('tile-peak_data')).toHaveText(/^20\d\d\.\d$/);
  await expect(page.getByTestId('tile-human_tokens')).toHaveText(/tokens$/);

  const boxes = () =>
    page.locator('[data-domain] [data-panel]').evaluateAll((els) =>
      els.map((e) => {
        const r = e.getBoundingClientRect();
        return { id: e.getAttribute('data-panel') ?? '', top: Math.round(r.top + window.scrollY), height: Math.round(r.height) };
      })
    );
  const drawn = await boxes();

  // Live: panels on the crawl stream get new results when crawl rows are written.
  const watched = ['provenance.human_tokens', 'provenance.by_lang'];
  const seqs = await Promise.all(watched.map((id) => page.locator(`[data-panel="${id}"]`).getAttribute('data-seq')));
  await ingestCrawlNow(request);
  for (const [i, id] of watched.entries()) {
    await expect
      .poll(async () => Number(await page.locator(`[data-panel="${id}"]`).getAttribute('data-seq')), { message: `${id} got no update` })
      .toBeGreaterThan(Number(seqs[i]));
  }
  // Boxes keep their size as data arrives: every box as tall after the updates as when it first
  // drew, and the boxes of one grid row equally tall (no ragged rows).
  const updated = await boxes();
  expect(updated).toEqual(drawn);
  const rows = new Map<number, Set<number>>();
  for (const b of updated) rows.set(b.top, (rows.get(b.top) ?? new Set()).add(b.height));
  expect([...rows.entries()].filter(([, h]) => h.size > 1)).toEqual([]);
  await page.screenshot({ path: 'test-results/screenshots/overview-full-1920.png', fullPage: true });
});

import { historyReady } from './ready';
import { expect, test } from '@playwright/test';

test.beforeAll(async () => {
  // A first start loads the published series, then the simulated history: slow on a busy machine.
  test.setTimeout(240_000);
  await historyReady();
});

test('the overview chart draws live data and keeps updating', async ({ page }) => {
  await page.goto('/');
  const panel = page.locator('[data-panel="provenance.ai_share"]');
  await expect(page.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();
  // First data: the panel's seq becomes non-zero and the chart has drawn a canvas.
  await expect(panel).not.toHaveAttribute('data-seq', '0');
  await expect(panel.locator('canvas').first()).toBeVisible();
  await expect(page.getByTestId('ai-share-now')).toHaveText(/^\d+\.\d%$/);
  const first = Number(await panel.getAttribute('data-seq'));
  // The simulator streams rows every second; each ingest pushes a new result.
  await expect
    .poll(async () => Number(await panel.getAttribute('data-seq')), { timeout: 120_000, message: 'no live update reached the panel' })
    .toBeGreaterThan(first);
  await page.screenshot({ path: 'test-results/screenshots/overview-1920x1080.png' });
});

test('every catalogue panel has its place, headline tiles fill in, and charts keep updating', async ({ page, request }) => {
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

  // Live: panels on the crawl stream get new results while we watch (market postings arrive a
  // few an hour, at the calibrated volume).
  const watched = ['provenance.human_tokens', 'provenance.by_lang'];
  const seqs = await Promise.all(watched.map((id) => page.locator(`[data-panel="${id}"]`).getAttribute('data-seq')));
  for (const [i, id] of watched.entries()) {
    await expect
      .poll(async () => Number(await page.locator(`[data-panel="${id}"]`).getAttribute('data-seq')), { timeout: 20_000 })
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

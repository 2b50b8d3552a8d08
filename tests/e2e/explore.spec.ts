/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import { historyReady } from './ready';
import { expect, test, type Locator, type Page } from '@playwright/test';

test.beforeAll(async () => historyReady());

/** The explorer: filters and the URL, permalinks, downloads against the table, drill-down, what-if. */

const panel = (page: Page, id: string) => page.locator(`[data-explore-panel="${id}"] [data-panel="${id}"]`);

async function loaded(p: Locator) {
  await expect(p).not.toHaveAttribute('data-seq', '0', { timeout: 30_000 });
}

/** Where on the canvas a colour is drawn, in CSS pixels: how a test clicks a bar without knowing the layout. */
async function pixelOf(canvas: Locator, rgb: [number, number, number]): Promise<{ x: number; y: number }> {
  const hit = await canvas.evaluate((el, want) => {
    const c = el as HTMLCanvasElement;
    const ctx = c.getContext('2d');
    if (!ctx) return null;
    const { width, height } = c;
    const data = ctx.getImageData(0, 0, width, height).data;
    const scale = width / c.getBoundingClientRect().width;
    // Bottom-up, left to right: the base of the first bar, well inside it.
    for (let y = height - 1; y >= 0; y -= 2) {
      for (let x = 0; x < width; x += 2) {
        const i = (y * width + x) * 4;
        if (Math.abs(data[i]! - want[0]) < 6 && Math.abs(data[i + 1]! - want[1]) < 6 && Math.abs(data[i + 2]! - want[2]) < 6) {
          return { x: (x + 3 * scale) / scale, y: (y - 6 * scale) / scale };
        }
      }
    }
    return null;
  }, rgb);
  if (!hit) throw new Error(`colour ${rgb.join(',')} not drawn on the canvas`);
  return hit;
}

test('filters change the URL and the data; a permalink reload restores the view', async ({ page }) => {
  await page.goto('/explore?panel=provenance.by_lang&from=now-30d');
  const p = panel(page, 'provenance.by_lang');
  await loaded(p);
  await page.getByLabel('Language', { exact: true }).fill('en');
  await page.getByLabel('Language', { exact: true }).press('Enter');
  await expect(page).toHaveURL(/[?&]lang=en(&|$)/);
  await expect(p).toHaveAttribute('data-key', /lang=en/);
  await page.getByRole('button', { name: 'Table', exact: true }).click();
  await expect(page).toHaveURL(/view=table/);
  // One language chosen: one row.
  await expect(p.locator('table')).toHaveAttribute('data-rows', '1');
  await expect(p.locator('tbody tr td').first()).toHaveText('en');

  await page.getByTestId('compare').click();
  await page.getByTestId('grain').selectOption('week');
  await expect(page).toHaveURL(/compare=previous/);
  await expect(page).toHaveURL(/grain=week/);
  const url = page.url();

  await page.reload();
  await expect(page).toHaveURL(url);
  await loaded(p);
  await expect(p).toHaveAttribute('data-key', /lang=en/);
  await expect(page.getByTestId('compare')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('button', { name: 'Table', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('grain')).toHaveValue('week');
  await expect(page.getByRole('button', { name: 'Remove Language en' })).toBeVisible();

  // Removing the filter takes it out of the URL and the data.
  await page.getByRole('button', { name: 'Remove Language en' }).click();
  await expect(page).not.toHaveURL(/lang=en/);
  await expect(p).not.toHaveAttribute('data-key', /lang=en/);
});

test('pin to absolute time turns a relative window into a citable one', async ({ page }) => {
  await page.goto('/explore?panel=provenance.ai_share&from=now-7d');
  await loaded(panel(page, 'provenance.ai_share'));
  await page.getByTestId('pin').click();
  await expect(page).toHaveURL(/from=\d{4}-\d{2}-\d{2}T\d{2}%3A\d{2}%3A\d{2}Z&to=\d{4}-\d{2}-\d{2}T/);
  await expect(page.getByTestId('pin')).toBeDisabled();
});

test('a CSV download holds the rows the table shows', async ({ page }) => {
  await page.goto('/explore?panel=provenance.ai_share&from=2024-01-01&to=2025-01-01&grain=month&view=table');
  const p = panel(page, 'provenance.ai_share');
  await loaded(p);
  const table = p.locator('table');
  const rows = Number(await table.getAttribute('data-rows'));
  expect(rows).toBeGreaterThanOrEqual(12);
  const firstCells = await table
    .locator('tbody tr')
    .first()
    .locator('td')
    .evaluateAll((tds) => tds.map((td) => td.getAttribute('data-value')));
  const headers = await table.locator('thead th').evaluateAll((ths) => ths.map((th) => th.getAttribute('title')));

  const [download] = await Promise.all([page.waitForEvent('download'), p.getByRole('link', { name: 'CSV' }).click()]);
  const csv = readFileSync((await download.path()) as string, 'utf8')
    .trim()
    .split('\n');
  const header = csv[0]!.split(',').map((h) => h.replace(/"/g, ''));
  expect(header).toEqual(headers);
  expect(csv.length - 1).toBe(rows);
  const first = csv[1]!.split(',');
  // Time (ISO 8601 UTC in CSV, epoch ms in the table), documents and tokens exactly; shares to
  // the precision CSV writes them.
  expect(first[0]).toBe(`"${new Date(Number(firstCells[0])).toISOString().replace('.000Z', 'Z')}"`);
  expect(first[1]).toBe(firstCells[1]);
  expect(first[2]).toBe(firstCells[2]);
  expect(Number(first[4])).toBeCloseTo(Number(firstCells[4]), 9);
  expect(download.suggestedFilename()).toMatch(/^provenance_ai_share_.*\.csv$/);

  // The same rows as JSON.
  const json = await page.request.get((await p.getByRole('link', { name: 'JSON' }).getAttribute('href')) as string);
  expect(((await json.json()) as { rows: unknown[] }).rows).toHaveLength(rows);
});

test('clicking a bar drills down into its dimension', async ({ page }) => {
  await page.goto('/explore?panel=provenance.by_content_type&from=now-30d');
  const p = panel(page, 'provenance.by_content_type');
  await loaded(p);
  const canvas = p.locator('canvas').first();
  await expect(canvas).toBeVisible();
  // The first series (AI share by tokens) is drawn in Okabe-Ito blue #0072B2, once the data is in.
  await expect.poll(() => pixelOf(canvas, [0, 114, 178]).then(Boolean, () => false), { message: 'no bar drawn' }).toBe(true);
  const at = await pixelOf(canvas, [0, 114, 178]);
  await canvas.click({ position: at });
  await expect(page).toHaveURL(/[?&]content_type=[a-z_]+/);
  const value = new URL(page.url()).searchParams.get('content_type');
  await expect(page.getByRole('status').filter({ hasText: `Content type = ${value}` })).toBeVisible();
  await expect(p).toHaveAttribute('data-key', new RegExp(`content_type=${value}`));
});

test('the forecast what-if follows its inputs and keeps them in the link', async ({ page }) => {
  await page.goto('/explore?panel=forecast.peak_data');
  const median = page.getByTestId('whatif-median');
  await expect(median).toHaveText(/^20\d\d\.\d$/, { timeout: 30_000 });
  // The Epoch model with the paper's inputs is the default, and says so; its tornado is drawn.
  await expect(page.getByTestId('whatif-model')).toHaveText(/Epoch AI’s model, pooled projection, the paper’s inputs/);
  await expect(page.getByTestId('whatif-tornado').locator('canvas').first()).toBeVisible({ timeout: 30_000 });
  const base = Number(await median.textContent());
  for (const label of ['Model', 'Demand projection', 'Inputs', 'Monte Carlo draws', 'Random seed']) {
    await expect(page.getByLabel(label, { exact: true })).toBeVisible();
  }

  const over = page.getByLabel('Overtraining (x compute-optimal tokens per parameter)', { exact: true });
  await over.fill('25');
  await over.press('Enter');
  await expect(page).toHaveURL(/overtraining=25/);
  // More data per parameter means the stock runs out sooner.
  await expect
    .poll(async () => Number(await median.textContent()), { timeout: 60_000, message: 'the median did not move with overtraining' })
    .toBeLessThan(base);
  await page.screenshot({ path: 'test-results/screenshots/explore-forecast-1920x1080.png', fullPage: false });

  await page.getByLabel('Demand projection', { exact: true }).selectOption('historical');
  await expect(page).toHaveURL(/branch=historical/);
  await expect(page.getByTestId('whatif-model')).toHaveText(/historical projection/);

  // The simple model brings its lognormal inputs as controls, each with its source.
  await page.getByLabel('Model', { exact: true }).selectOption('simple');
  await expect(page).toHaveURL(/model=simple/);
  for (const label of ['Stock, 5th percentile', 'Stock, 95th percentile', 'Dataset growth, 95th percentile']) {
    await expect(page.getByLabel(label, { exact: true })).toBeVisible();
  }
  await expect(
    page
      .getByTestId('whatif')
      .getByText(/Source: .*Villalobos/)
      .first()
  ).toBeVisible();

  await page.reload();
  await expect(over).toHaveValue('25');
  await expect(page.getByLabel('Model', { exact: true })).toHaveValue('simple');
});

test('light and dark themes are remembered', async ({ page }) => {
  await page.goto('/explore?panel=market.postings_index&from=now-90d&compare=previous&view=both');
  await loaded(panel(page, 'market.postings_index'));
  const start = await page.evaluate(() => document.documentElement.dataset.theme);
  await page.getByRole('button', { name: 'Light theme' }).click();
  const flipped = start === 'light' ? 'dark' : 'light';
  await expect(page.locator('html')).toHaveAttribute('data-theme', flipped);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', flipped);
  if (flipped !== 'dark') {
    await page.getByRole('button', { name: 'Light theme' }).click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  }
  await loaded(panel(page, 'market.postings_index'));
  await page.screenshot({ path: 'test-results/screenshots/explore-1920x1080.png' });
});

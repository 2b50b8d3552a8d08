/// <reference lib="dom" />
import { expect, test, type Page } from '@playwright/test';
import { axeViolations, useTheme } from './axe';
import { historyWritten } from './ready';

test.beforeAll(async () => historyWritten());

/**
 * axe-core's WCAG 2 A/AA rules on every page, light and dark, with no rule disabled, once the
 * page holds what a reader sees: panels drawn (or their empty states), the report rendered, the
 * wall showing a scene. Runs on the simulating server, so the "simulated" tags are on screen too.
 */

/** Every panel box on the page has an answer: data, an empty state or an error, not "Loading". */
async function settled(page: Page): Promise<void> {
  // The page renders in the browser: first the boxes, then their data.
  await expect(page.locator('[data-panel]').first()).toBeVisible();
  await expect
    .poll(() => page.locator('[data-panel][data-seq="0"]').count(), { timeout: 120_000, message: 'panels still loading' })
    .toBe(0);
}

const THEMES = ['light', 'dark'] as const;

for (const theme of THEMES) {
  test.describe(`${theme} theme`, () => {
    test.beforeEach(async ({ page }) => useTheme(page, theme));

    test(`the overview has no WCAG 2 A/AA violation (${theme})`, async ({ page }) => {
      test.setTimeout(180_000);
      await page.goto('/');
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      await settled(page);
      // The hardest text to read when it was pale: the "simulated" tags, on a tile and on a panel.
      await expect(page.locator('[data-tile] [data-testid="simulated-tag"]').first()).toBeVisible({ timeout: 120_000 });
      await expect(page.locator('[data-panel] [data-testid="simulated-tag"]').first()).toBeVisible();
      expect(await axeViolations(page)).toEqual([]);
    });

    test(`the explorer with panels open has no WCAG 2 A/AA violation (${theme})`, async ({ page }) => {
      test.setTimeout(180_000);
      await page.goto('/explore?panel=provenance.ai_share&panel=published.job_postings&panel=forecast.peak_data&compare=previous');
      await expect(page.locator('[data-explore-panel]')).toHaveCount(3);
      await settled(page);
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Table', exact: true }).first().click();
      await expect(page.locator('[data-explore-panel] table').first()).toBeVisible();
      expect(await axeViolations(page)).toEqual([]);
    });

    test(`the claims page has no WCAG 2 A/AA violation (${theme})`, async ({ page }) => {
      test.setTimeout(180_000);
      await page.goto('/claims');
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      // Every claim drawn with its status, and the evidence panels answered (data or empty state).
      await expect(page.locator('[data-claim]').first()).toBeVisible({ timeout: 120_000 });
      await expect(page.locator('[data-claim][data-status="unsourced"]').first()).toBeVisible();
      await settled(page);
      expect(await axeViolations(page)).toEqual([]);
    });

    test(`the report page has no WCAG 2 A/AA violation (${theme})`, async ({ page }) => {
      test.setTimeout(180_000);
      await page.goto('/report?panel=provenance.ai_share&panel=published.crawl_volume');
      await expect(page.locator('iframe')).toBeVisible();
      await expect(page.frameLocator('iframe').locator('h1').first()).toBeVisible({ timeout: 120_000 });
      expect(await axeViolations(page)).toEqual([]);
    });
  });
}

test('the wall (always dark) has no WCAG 2 A/AA violation', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/wall?scenes=measured,ai_share&dwell=600');
  await expect(page.locator('[data-scene="measured"] canvas').first()).toBeVisible({ timeout: 120_000 });
  expect(await axeViolations(page)).toEqual([]);
});

/// <reference lib="dom" />
import { expect, test, type Page } from '@playwright/test';
import { useTheme } from './axe';
import { historyWritten } from './ready';

test.beforeAll(async () => historyWritten());

/**
 * The overview at a phone, a laptop and a 1080p screen: nothing wider than the screen, no tile
 * text cut off, every page of the navigation and the theme toggle on screen at a phone's width.
 * Screenshots go to test-results/screenshots/ for a person to look at.
 */

const SIZES = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'laptop', width: 1280, height: 720 },
  { name: '1080p', width: 1920, height: 1080 }
] as const;

async function settled(page: Page): Promise<void> {
  // The page renders in the browser: first the boxes, then their data.
  await expect(page.locator('[data-tile]')).toHaveCount(5);
  await expect(page.locator('[data-domain] [data-panel]').first()).toBeVisible();
  await expect
    .poll(() => page.locator('[data-panel][data-seq="0"]').count(), { timeout: 120_000, message: 'panels still loading' })
    .toBe(0);
  await expect.poll(() => page.locator('[data-tile] .shimmer').count(), { timeout: 60_000, message: 'tiles still loading' }).toBe(0);
}

/** Elements whose text is cut: wider or taller than their box (ellipsis, line clamp or overflow). */
function clipped(page: Page, selector: string): Promise<string[]> {
  return page
    .locator(selector)
    .evaluateAll((els) =>
      els
        .filter((e) => e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1)
        .map(
          (e) =>
            `${e.closest('[data-tile]')?.getAttribute('data-tile') ?? '?'} ${e.tagName.toLowerCase()}.${e.className}: "${e.textContent?.trim()}" (${e.scrollWidth}×${e.scrollHeight} in ${e.clientWidth}×${e.clientHeight})`
        )
    );
}

/** Elements that reach past the right edge of the window, named by tag, class and text. */
function pastTheEdge(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const w = document.documentElement.clientWidth;
    return [...document.querySelectorAll('body *')]
      .filter((e) => {
        const r = e.getBoundingClientRect();
        return r.width > 0 && r.right > w + 1 && !e.closest('[aria-hidden="true"]');
      })
      .slice(0, 10)
      .map(
        (e) =>
          `${e.tagName.toLowerCase()}.${e.className} "${(e.textContent ?? '').trim().slice(0, 40)}" right=${Math.round(e.getBoundingClientRect().right)}`
      );
  });
}

for (const size of SIZES) {
  test(`the overview at ${size.width}×${size.height} fits the width and cuts no tile text`, async ({ page }) => {
    test.setTimeout(180_000);
    await page.setViewportSize({ width: size.width, height: size.height });
    await page.goto('/');
    await settled(page);
    const widths = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth
    }));
    expect(await pastTheEdge(page)).toEqual([]);
    expect(widths.scroll).toBeLessThanOrEqual(widths.client);
    expect(await clipped(page, '[data-tile] h3, [data-tile] .value, [data-tile] .detail')).toEqual([]);
    await page.screenshot({ path: `test-results/screenshots/overview-${size.name}-${size.width}x${size.height}.png` });
  });
}

test('every navigation item and the theme toggle are on screen at a phone width', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  for (const path of ['/', '/explore', '/report']) {
    await page.goto(path);
    const nav = page.getByRole('navigation', { name: 'Pages' });
    for (const name of ['Overview', 'Explore', 'Report', 'Wall']) {
      const link = nav.getByRole('link', { name, exact: true });
      await expect(link, `${path}: ${name}`).toBeInViewport({ ratio: 1 });
    }
    await expect(page.getByRole('button', { name: /theme/i })).toBeInViewport({ ratio: 1 });
    const widths = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth
    }));
    expect(widths.scroll, path).toBeLessThanOrEqual(widths.client);
  }
});

for (const theme of ['light', 'dark'] as const) {
  test(`the overview in the ${theme} theme, full page, for a person to look at`, async ({ page }) => {
    test.setTimeout(180_000);
    await useTheme(page, theme);
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto('/');
    await settled(page);
    expect(await clipped(page, '[data-tile] h3, [data-tile] .value, [data-tile] .detail')).toEqual([]);
    await page.screenshot({ path: `test-results/screenshots/overview-${theme}-1440.png`, fullPage: true });
  });
}

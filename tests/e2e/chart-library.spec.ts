import { expect, test } from '@playwright/test';

/**
 * ECharts comes apart from the page's own code (src/lib/charts/Chart.svelte). A wall display
 * opened while the server restarts can see that load fail; its charts must still be drawn once
 * the library can be fetched, without a reload.
 */
test('a chart whose library failed to load is drawn once a later load succeeds', async ({ page }) => {
  let refused = 0;
  // The library's chunk is the one that holds ECharts' renderer (zrender); the first request
  // for it fails as a dropped connection would, and later ones go through.
  await page.route('**/_app/immutable/chunks/*.js', async (route) => {
    const res = await route.fetch();
    const body = await res.text();
    if (refused === 0 && body.includes('zrender')) {
      refused++;
      return route.abort('connectionreset');
    }
    return route.fulfill({ response: res, body });
  });
  await page.goto('/wall?scenes=ai_share&dwell=600');
  // A marker that a reload would erase.
  await page.evaluate(() => ((window as unknown as { __samePage: boolean }).__samePage = true));
  await expect(page.locator('[data-scene="ai_share"] canvas').first()).toBeVisible({ timeout: 45_000 });
  expect(refused).toBe(1);
  expect(await page.evaluate(() => (window as unknown as { __samePage?: boolean }).__samePage)).toBe(true);
});

import { expect, test } from '@playwright/test';

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
  await expect.poll(async () => Number(await panel.getAttribute('data-seq')), { timeout: 20_000 }).toBeGreaterThan(first);
  await page.screenshot({ path: 'test-results/screenshots/overview-1920x1080.png' });
});

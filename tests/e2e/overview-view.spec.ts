import { expect, test } from '@playwright/test';

/**
 * The overview's own time range, link and downloads. Checked on what the page asks the server
 * for (each panel's subscription key) and on the links it offers, not on live data.
 */
test('a time range applies to every chart, lives in the URL, and carries into the links and downloads', async ({ page, context }) => {
  test.setTimeout(120_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/');
  const panel = page.locator('[data-domain] [data-panel="provenance.human_tokens"]');
  await expect(panel).not.toHaveAttribute('data-key', '', { timeout: 60_000 });

  await page.getByTestId('overview-range').selectOption({ label: 'Last 30 days' });
  await expect(page).toHaveURL(/\/\?from=now-30d$/);
  // Every panel of the page is subscribed with the window (its key names it).
  await expect(panel).toHaveAttribute('data-key', /from=now-30d/, { timeout: 60_000 });
  await expect(page.locator('[data-domain] [data-panel="published.crawl_volume"]')).toHaveAttribute('data-key', /from=now-30d/);
  await expect(page.getByRole('link', { name: 'Explore Human tokens added per period' })).toHaveAttribute(
    'href',
    '/explore?panel=provenance.human_tokens&from=now-30d'
  );
  await expect(page.getByTestId('overview-pdf')).toHaveAttribute('href', '/api/report.pdf?from=now-30d');

  await page.getByTestId('overview-share').click();
  await expect(page.getByRole('status').filter({ hasText: 'Link copied' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toMatch(/\/\?from=now-30d$/);

  // The link opens the same view.
  await page.goto('/?from=now-30d');
  await expect(page.getByTestId('overview-range')).toHaveValue(/^\d+$/);
  await expect(panel).toHaveAttribute('data-key', /from=now-30d/, { timeout: 60_000 });
  await page.getByTestId('overview-range').selectOption({ label: 'Panel default' });
  await expect(page).toHaveURL(/\/$/);
});

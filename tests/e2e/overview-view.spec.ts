import { expect, test, type Page } from '@playwright/test';
import { subscriptionKey } from '../../src/lib/contract/filters';
import { PANEL_IDS } from '../../src/lib/contract/panels';
import { HEADLINES } from '../../src/lib/shared/headlines';

/** The subscription key of every live panel on the overview ('' while it has no data). */
async function panelKeys(page: Page): Promise<string[]> {
  return page.locator('[data-domain] section.panel[data-panel]').evaluateAll((els) => els.map((e) => e.getAttribute('data-key') ?? ''));
}

/**
 * The overview's own time range, link and downloads. Checked on what the page asks the server
 * for (each panel's subscription key) and on the links it offers, not on live data.
 */
test('a time range applies to every chart, lives in the URL, and carries into the links and downloads', async ({ page, context }) => {
  test.setTimeout(120_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/');
  const panel = page.locator('[data-domain] [data-panel="provenance.human_tokens"]');
  // A result on screen (the box before the catalogue comes has no data-key at all).
  await expect(panel).toHaveAttribute('data-key', /^provenance\.human_tokens/, { timeout: 60_000 });

  await page.getByTestId('overview-range').selectOption({ label: 'Last 30 days' });
  await expect(page).toHaveURL(/\/\?from=now-30d$/);
  // Every panel of the page is subscribed with the window (its key names it): the page swaps all
  // of its views at once, an unsubscribe and a subscribe each, and none is turned down.
  await expect(panel).toHaveAttribute('data-key', /from=now-30d/, { timeout: 60_000 });
  await expect(page.locator('[data-domain] [data-panel="published.crawl_volume"]')).toHaveAttribute('data-key', /from=now-30d/);
  await expect
    .poll(() => panelKeys(page), { timeout: 60_000 })
    .toEqual(Array(PANEL_IDS.length).fill(expect.stringMatching(/from=now-30d/)));
  await expect(page.getByText('The server refused this view')).toHaveCount(0);
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

test('views the socket rate limit turns down are asked for again until every panel has its window', async ({ page }) => {
  test.setTimeout(120_000);
  // The page's socket goes through Playwright to the real server. While `spend` is on, 160
  // messages of no use go ahead of each of the page's own, so the server's burst is spent
  // and it turns the page's message down with a wait; once one is, the page is left alone.
  let spend = false;
  let refusals = 0;
  await page.routeWebSocket(/\/socket\.io\//, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((m) => {
      if (spend && typeof m === 'string' && m.startsWith('42')) {
        for (let i = 0; i < 160; i++) server.send('42["unsubscribe",{"key":"spent"}]');
      }
      server.send(m);
    });
    server.onMessage((m) => {
      if (typeof m === 'string' && m.includes('"retry_after_ms"')) {
        refusals++;
        spend = false;
      }
      ws.send(m);
    });
  });
  await page.goto('/');
  const panel = page.locator('[data-domain] [data-panel="provenance.human_tokens"]');
  // A result on screen (the box before the catalogue comes has no data-key at all).
  await expect(panel).toHaveAttribute('data-key', /^provenance\.human_tokens/, { timeout: 60_000 });

  spend = true;
  await page.getByTestId('overview-range').selectOption({ label: 'Last 30 days' });
  await expect
    .poll(() => panelKeys(page), { timeout: 60_000 })
    .toEqual(Array(PANEL_IDS.length).fill(expect.stringMatching(/from=now-30d/)));
  expect(refusals).toBeGreaterThan(0);
  await expect(page.getByText('The server refused this view')).toHaveCount(0);
});

test('views given up before the server answered are let go once the answers come', async ({ page }) => {
  test.setTimeout(120_000);
  // The page's socket goes through Playwright to the real server. Once the socket is connected,
  // the server's messages to the page are held back, so the page changes its window while
  // every first subscribe is still unanswered; then they go through, in order.
  let hold = true;
  let connected = false;
  const held: string[] = [];
  const acked = new Set<string>();
  const released = new Set<string>();
  let subscribes = 0;
  let toPage: (m: string) => void = () => {};
  await page.routeWebSocket(/\/socket\.io\//, (ws) => {
    const server = ws.connectToServer();
    toPage = (m) => ws.send(m);
    ws.onMessage((m) => {
      const ev = typeof m === 'string' ? /^42\d*(\[.*)$/s.exec(m) : null;
      if (ev?.[1]) {
        const [name, body] = JSON.parse(ev[1]) as [string, { key?: string }];
        if (name === 'subscribe') subscribes++;
        if (name === 'unsubscribe' && body.key) released.add(body.key);
      }
      server.send(m);
    });
    server.onMessage((m) => {
      if (typeof m !== 'string') return ws.send(m);
      const ack = /^43\d+(\[.*)$/s.exec(m);
      if (ack?.[1]) {
        const [r] = JSON.parse(ack[1]) as [{ key?: string }];
        if (r.key) acked.add(r.key);
      }
      if (hold && connected) held.push(m);
      else ws.send(m);
      // socket.io's answer to the page's connect: from here on, hold.
      if (m.startsWith('40')) connected = true;
    });
  });
  // The overview's views: a headline's and a panel's are one when they are the same view.
  const views = new Set([...HEADLINES.map((h) => subscriptionKey(h.panel, h.filters)), ...PANEL_IDS.map((p) => subscriptionKey(p, {}))]);
  await page.goto('/');
  // Every panel and headline has asked for its view, and none has an answer.
  await expect.poll(() => subscribes, { timeout: 60_000 }).toBe(views.size);
  await page.getByTestId('overview-range').selectOption({ label: 'Last 30 days' });
  await expect.poll(() => subscribes, { timeout: 30_000 }).toBe(views.size + PANEL_IDS.length);
  hold = false;
  for (const m of held.splice(0)) toPage(m);

  await expect
    .poll(() => panelKeys(page), { timeout: 60_000 })
    .toEqual(Array(PANEL_IDS.length).fill(expect.stringMatching(/from=now-30d/)));
  // What the server still sends this socket is what the page shows, and nothing it gave up.
  const shown = async () => {
    const tiles = await page.locator('[data-tile]').evaluateAll((els) => els.map((e) => e.getAttribute('data-key') ?? ''));
    return [...new Set([...tiles, ...(await panelKeys(page))])].sort();
  };
  await expect.poll(async () => [...acked].filter((k) => !released.has(k)).sort(), { timeout: 30_000 }).toEqual(await shown());
  // Released: each panel's default view, but not one a headline still shows.
  const headlines = new Set(HEADLINES.map((h) => subscriptionKey(h.panel, h.filters)));
  expect([...released].sort()).toEqual(
    PANEL_IDS.map((p) => subscriptionKey(p, {}))
      .filter((k) => !headlines.has(k))
      .sort()
  );
});

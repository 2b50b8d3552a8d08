import { historyReady } from './ready';
import { expect, test, type Page } from '@playwright/test';
import type { ClaimsResponse } from '../../src/lib/contract/claims';

test.beforeAll(async () => {
  await historyReady();
});

/** The explorer on the AI share with its note form open, and the middle of the chart's plot. */
async function startAnnotating(page: Page) {
  await page.goto('/explore?panel=provenance.ai_share');
  const panel = page.locator('[data-explore-panel="provenance.ai_share"]');
  await expect(panel.locator('canvas').first()).toBeVisible({ timeout: 60_000 });
  await panel.getByTestId('annotate').click();
  const box = await panel.locator('canvas').first().boundingBox();
  if (!box) throw new Error('no chart canvas');
  return { panel, middle: { x: box.x + box.width / 2, y: box.y + box.height / 2 } };
}

// Time charts whose default window contains ChatGPT's release (30 November 2022).
const SINCE_2022 = ['provenance.ai_share', 'market.postings_index', 'market.ai_mentions', 'published.job_postings', 'published.llm_words'];

test('the overview draws the curated events on its time charts, listed under each chart with its source', async ({ page }) => {
  await page.goto('/');
  for (const id of SINCE_2022) {
    const panel = page.locator(`[data-domain] [data-panel="${id}"]`);
    await expect(panel, id).not.toHaveAttribute('data-seq', '0', { timeout: 60_000 });
    await expect(panel.locator('[data-annotation-id="curated.chatgpt-release"]'), id).toHaveCount(1, { timeout: 60_000 });
  }
  const list = page.locator('[data-panel="provenance.ai_share"] [data-annotation-list]');
  await list.locator('summary').click();
  const item = list.locator('[data-annotation-id="curated.chatgpt-release"]');
  await expect(item).toContainText('ChatGPT released');
  await expect(item.getByRole('link')).toHaveAttribute('href', 'https://openai.com/index/chatgpt/');
  await page.screenshot({ path: 'test-results/screenshots/overview-annotations-1920x1080.png' });
});

test('a note added in the explorer appears on a second open browser without a reload', async ({ browser }) => {
  const writer = await browser.newPage();
  const reader = await (await browser.newContext()).newPage();
  await reader.goto('/explore?panel=provenance.ai_share');
  const readerPanel = reader.locator('[data-explore-panel="provenance.ai_share"]');
  await expect(readerPanel.locator('[data-annotation-id="curated.chatgpt-release"]')).toHaveCount(1, { timeout: 60_000 });

  const { panel, middle } = await startAnnotating(writer);
  // Click in the middle of the plot: the form takes the time under the pointer.
  await writer.mouse.click(middle.x, middle.y);
  await expect(writer.getByTestId('annotate-from')).not.toHaveValue('');
  const title = `Anomaly seen ${Date.now()}`;
  await writer.getByTestId('annotate-title').fill(title);
  await writer.getByTestId('annotate-save').click();
  await expect(writer.getByTestId('annotate-form')).toHaveCount(0);

  // The reader never reloads: the note arrives over its socket.
  await expect(readerPanel.locator('[data-annotation-list]')).toContainText(title);
  await expect(panel.locator('[data-annotation-list]')).toContainText(title);
});

test('a click on the plot right after the chart takes a new option still places the note', async ({ page }) => {
  const { middle } = await startAnnotating(page);
  // In one task, so no frame is drawn in between: switch the theme (every chart gets a new
  // option), let Svelte apply it (microtasks), then press and release on the middle of the plot.
  // A live update or a theme switch lands like this whenever a click meets it.
  await page.evaluate(async ({ x, y }) => {
    const toggle = [...document.querySelectorAll('button')].find((b) => b.textContent?.includes('Light theme'));
    if (!toggle) throw new Error('no theme toggle');
    toggle.click();
    for (let i = 0; i < 50; i++) await Promise.resolve();
    const target = document.elementFromPoint(x, y);
    if (!target) throw new Error('nothing under the point');
    // Mouse events: ECharts' zrender listens for them in Chromium (pointer events only in old Edge and IE 11).
    const at = { clientX: x, clientY: y, bubbles: true, cancelable: true, button: 0, view: window };
    for (const type of ['mousedown', 'mouseup', 'click']) target.dispatchEvent(new MouseEvent(type, at));
  }, middle);
  await expect(page.getByTestId('annotate-from')).not.toHaveValue('');
});

test('hide annotations and tag toggles are kept in the permalink', async ({ page }) => {
  await page.goto('/explore?panel=provenance.ai_share');
  const panel = page.locator('[data-explore-panel="provenance.ai_share"]');
  await expect(panel.locator('[data-annotation-id="curated.chatgpt-release"]')).toHaveCount(1, { timeout: 60_000 });
  await page.locator('[data-tag="model-release"]').click();
  await expect(page).toHaveURL(/ann_tags=/);
  await expect(panel.locator('[data-annotation-id="curated.chatgpt-release"]')).toHaveCount(0);
  await panel.getByTestId('hide-annotations').click();
  await expect(page).toHaveURL(/ann_off=provenance.ai_share/);
  await page.reload();
  await expect(page.locator('[data-explore-panel="provenance.ai_share"]').getByTestId('hide-annotations')).toHaveAttribute(
    'aria-pressed',
    'true'
  );
});

test('/claims sets each claim beside its source, status and evidence', async ({ page }) => {
  await page.goto('/claims');
  const survey = page.locator('[data-claim="survey-2026-writing-decline"]');
  // The server reads each claim's panel before answering: slow on a loaded machine.
  await expect(survey).toHaveAttribute('data-status', 'unsourced', { timeout: 90_000 });
  await expect(page.locator('[data-claim="majority-online-content-ai"]')).toHaveAttribute('data-status', 'secondary');
  const graphite = page.locator('[data-claim="graphite-2025-articles"]');
  // The claim's own source (the evidence chart under it cites the same study as calibration).
  await expect(graphite.getByTestId('claim-source').getByRole('link', { name: /Graphite/ })).toHaveAttribute(
    'href',
    /^https:\/\/graphite\.io\//
  );
  await expect(graphite.getByTestId('evidence-reading')).toContainText('English-language articles');
  await expect(graphite.locator('canvas').first()).toBeVisible({ timeout: 60_000 });
  const demirci = page.locator('[data-claim="demirci-2025-freelance-posts"]');
  await expect(demirci.getByTestId('claim-source').getByRole('link', { name: /Demirci/ })).toHaveAttribute(
    'href',
    'https://doi.org/10.1287/mnsc.2024.05420'
  );
  // On the simulating server every panel a claim names holds rows: each claim with a value gets
  // evidence from one of its own panels (the marker words only once crawl files are imported, so
  // Kobak et al.'s falls to the published word table).
  const { claims } = (await (await page.request.get('/api/claims')).json()) as ClaimsResponse;
  for (const c of claims.filter((x) => x.value !== null && x.panels.length > 0)) {
    expect(c.evidence, c.id).not.toBeNull();
    expect(c.panels, c.id).toContain(c.evidence?.panel);
  }
  await page.screenshot({ path: 'test-results/screenshots/claims-1920x1080.png', fullPage: true });
});

/// <reference lib="dom" />
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { expect, test, type Page } from '@playwright/test';
import { historyReady } from './ready';

/**
 * The wall against a server this spec owns: it stops the server and starts it again on the same
 * port and data directory to see the staleness watermark come and go without a page reload.
 */
const PORT = Number(process.env.E2E_WALL_PORT ?? Number(process.env.E2E_PORT ?? 4173) + 100);
const BASE = `http://127.0.0.1:${PORT}`;
let dataDir = '';
let server: ChildProcess | null = null;

/** Starts the server and resolves when it logs that it listens (its log is JSON lines on stdout). */
async function start(): Promise<void> {
  const child = spawn(process.execPath, ['build/current/observatory/index.js'], {
    env: { ...process.env, PORT: String(PORT), HOST: '127.0.0.1', CHDB_PATH: dataDir, SIMULATE: 'on', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe']
  });
  child.stderr?.on('data', (b: Buffer) => process.stderr.write(`[wall server] ${b.toString()}`));
  server = child;
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const entry = JSON.parse(line) as { level?: string; msg?: string };
        if (entry.msg === 'listening') resolve();
        else if (entry.level === 'warn' || entry.level === 'error') process.stderr.write(`[wall server] ${line}\n`);
      } catch {
        // not a log line
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before listening`)));
  });
}

async function stop(): Promise<void> {
  const child = server;
  server = null;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await exited;
}

/**
 * What on the wall a person five metres away could not read: any text smaller than the wall's
 * minimum (2.2% of the screen height, docs/WALL.md), chart text included (the scene says the size
 * its chart draws at, whose smallest label is 0.8 of it), and any text cut or past the screen's edge.
 */
/**
 * How far below the drawn legend the chart's first painted pixel row is, in font sizes of the
 * chart: the plot should start right under the legend, not under an empty band.
 */
async function legendGap(page: Page): Promise<number> {
  return page.evaluate(() => {
    const legend = document.querySelector('[data-testid="wall-legend"]')?.getBoundingClientRect();
    const canvas = document.querySelector<HTMLCanvasElement>('[data-scene] .plot canvas');
    const font = Number(document.querySelector('[data-scene]')?.getAttribute('data-chart-font'));
    const ctx = canvas?.getContext('2d');
    if (!legend || !canvas || !ctx || !(font > 0)) return Number.POSITIVE_INFINITY;
    const { width, height } = canvas;
    const alpha = ctx.getImageData(0, 0, width, height).data;
    let first = -1;
    for (let i = 3; i < alpha.length && first < 0; i += 4) if ((alpha[i] ?? 0) > 0) first = Math.floor((i - 3) / 4 / width);
    if (first < 0) return Number.POSITIVE_INFINITY;
    const box = canvas.getBoundingClientRect();
    return (box.top + (first * box.height) / height - legend.bottom) / font;
  });
}

async function unreadable(page: Page): Promise<string[]> {
  return page.evaluate((share) => {
    const min = window.innerHeight * share - 0.5;
    const out: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('.wall *')) {
      const own = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '');
      if (!own || el.closest('[aria-hidden="true"]')) continue;
      const text = (el.textContent ?? '').trim().slice(0, 40);
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (size < min) out.push(`"${text}" at ${size}px, below ${min.toFixed(1)}px`);
      const r = el.getBoundingClientRect();
      if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible') out.push(`"${text}" cut`);
      if (r.right > window.innerWidth + 1 || r.bottom > window.innerHeight + 1) out.push(`"${text}" past the screen's edge`);
    }
    const chart = Number(document.querySelector<HTMLElement>('[data-chart-font]')?.dataset.chartFont ?? 0);
    if (chart * 0.8 < min) out.push(`chart text at ${chart * 0.8}px, below ${min.toFixed(1)}px`);
    return out;
  }, 0.022);
}

test.describe.configure({ mode: 'serial' });
test.setTimeout(180_000);

test.beforeAll(async () => {
  test.setTimeout(420_000);
  dataDir = mkdtempSync(join(tmpdir(), 'pdo-wall-e2e-'));
  await start();
  await historyReady(BASE);
});

test.afterAll(async () => {
  await stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('scenes rotate at the dwell the URL asks for, readable at 1080p and 4K', async ({ page }) => {
  await page.goto(`${BASE}/wall?scenes=ai_share,market,forecast&dwell=3`);
  const wall = page.locator('.wall');
  await expect(wall).toHaveAttribute('data-link', 'live');
  await expect(page.locator('[data-scene="ai_share"] canvas').first()).toBeVisible();
  await expect(page.getByTestId('wall-clock')).toHaveText(/^\d\d:\d\d$/);
  // A legend that wraps beside the chart, never one paged behind arrows nobody presses.
  await expect(page.getByTestId('wall-legend').getByRole('listitem')).toHaveCount(4);
  expect(await unreadable(page)).toEqual([]);
  // The chart starts right under its legend: the chart's own (hidden) legend keeps no room.
  await expect.poll(() => legendGap(page)).toBeLessThan(1.5);
  await page.screenshot({ path: 'test-results/screenshots/wall-1920x1080.png' });
  // Rotation: each scene in turn, one chart at a time (the previous one is disposed).
  await expect(page.locator('[data-scene="market"]')).toBeVisible({ timeout: 8_000 });
  await expect(page.locator('[data-scene]')).toHaveCount(1);
  await expect(page.locator('[data-scene="forecast"]')).toBeVisible({ timeout: 8_000 });
  await expect(page.locator('[data-scene="ai_share"]')).toBeVisible({ timeout: 8_000 });
  await expect(page.locator('canvas')).toHaveCount(1);
  await expect(wall).toHaveAttribute('data-stale', 'no');

  // Every default scene at 1080p: captions a sentence a line, nothing cut, nothing too small.
  for (const id of ['measured', 'postings_measured', 'market', 'diversity', 'forecast', 'training']) {
    await page.goto(`${BASE}/wall?scenes=${id},ai_share&dwell=600`);
    await expect(page.locator(`[data-scene="${id}"] canvas`).first()).toBeVisible();
    expect(await unreadable(page), id).toEqual([]);
    if (id === 'measured' || id === 'forecast') await page.screenshot({ path: `test-results/screenshots/wall-${id}-1920x1080.png` });
  }

  await page.setViewportSize({ width: 3840, height: 2160 });
  await page.goto(`${BASE}/wall?scenes=forecast&dwell=60`);
  await expect(page.locator('[data-scene="forecast"] canvas').first()).toBeVisible();
  expect(await unreadable(page)).toEqual([]);
  // Big type: the headline number is at least a tenth of the screen's height.
  const size = await page
    .locator('.value')
    .first()
    .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(size).toBeGreaterThan(2160 / 12);
  await page.screenshot({ path: 'test-results/screenshots/wall-3840x2160.png' });
});

test('shows a staleness watermark while the server is down and recovers by itself', async ({ page }) => {
  await page.goto(`${BASE}/wall?scenes=ai_share&dwell=60`);
  const wall = page.locator('.wall');
  await expect(wall).toHaveAttribute('data-link', 'live');
  await expect(page.locator('[data-scene="ai_share"] canvas').first()).toBeVisible();
  // A marker that a reload would erase.
  await page.evaluate(() => ((window as unknown as { __sameWall: boolean }).__sameWall = true));
  const asOf = await page.locator('.asof').textContent();

  await stop();
  await expect(page.getByTestId('wall-watermark')).toBeVisible({ timeout: 20_000 });
  await expect(wall).toHaveAttribute('data-stale', 'yes');
  await expect(page.getByTestId('wall-watermark')).toContainText(/CONNECTION LOST|NO NEW DATA/);
  await page.screenshot({ path: 'test-results/screenshots/wall-stale-1920x1080.png' });

  await start();
  // socket.io reconnects with backoff (at most 15 s), the client resubscribes, data flows again.
  await expect(wall).toHaveAttribute('data-link', 'live', { timeout: 45_000 });
  await expect(page.getByTestId('wall-watermark')).toHaveCount(0, { timeout: 30_000 });
  await expect(page.locator('.asof')).not.toHaveText(asOf ?? '', { timeout: 30_000 });
  expect(await page.evaluate(() => (window as unknown as { __sameWall?: boolean }).__sameWall)).toBe(true);
});

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { historyReady } from './ready';
import { expect, test } from '@playwright/test';

test.beforeAll(async () => historyReady());

/** Reports: the server-rendered HTML, its PDF, and the /report page that links to both. */

const pdftotext = ['/usr/bin/pdftotext', '/usr/local/bin/pdftotext'].find((p) => existsSync(p));

test('the HTML report is self-contained and carries its fingerprint, filters and sources', async ({ request }) => {
  const res = await request.get(
    '/api/report?from=now-30d&lang=en&panels=provenance.ai_share,provenance.by_lang,market.postings_index,forecast.peak_data'
  );
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toContain('text/html');
  const fp = res.headers()['x-report-fingerprint'] ?? '';
  expect(fp).toMatch(/^[0-9a-f]{64}$/);
  const html = await res.text();
  expect(html).toContain(`<meta name="pdo-fingerprint" content="${fp}">`);
  expect(html).toContain('lang = en');
  // Charts are inline SVG drawn on the server; nothing is loaded from elsewhere.
  expect((html.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(4);
  expect(html).not.toMatch(/<script|<link |src="http/);
  // Methods and sources: the published anchors and every forecast input with its source.
  for (const s of ['Graphite (2025)', 'Demirci, Hannane &amp; Zhu', 'Villalobos', 'Shumailov', 'stock_growth', 'Rows per stream'])
    expect(html).toContain(s);
  // Each panel's hash and a request that returns its rows again.
  expect(html).toMatch(/\/api\/panels\/provenance\.by_lang\?from=\d{4}-[^"<]*lang=en/);
  expect((html.match(/<code>[0-9a-f]{64}<\/code>/g) ?? []).length).toBeGreaterThanOrEqual(4);

  const bad = await request.get('/api/report?colour=blue');
  expect(bad.status()).toBe(400);
  expect(((await bad.json()) as { param: string }).param).toBe('colour');
});

/** The canonical JSON the report hashes: keys sorted at every level, no whitespace. */
function canonical(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
    .join(',')}}`;
}

test('a reader can recompute every hash and the fingerprint from the evidence', async ({ request }) => {
  const res = await request.get('/api/report.json?from=2025-01-01&to=2025-07-01&panels=provenance.ai_share,market.rates');
  expect(res.status()).toBe(200);
  type Ev = { panel: string; sql: string; params: unknown; rows: unknown[]; sha256: string };
  const r = (await res.json()) as {
    as_of: string;
    fingerprint: string;
    streams: unknown;
    headlines: (Ev & { id: string })[];
    panels: Ev[];
    annotations: { sha256: string; items: unknown[] };
  };
  const sha = (s: string) => createHash('sha256').update(s).digest('hex');
  for (const p of [...r.headlines, ...r.panels]) {
    expect(sha(canonical({ panel: p.panel, sql: p.sql, params: p.params, rows: p.rows })), p.panel).toBe(p.sha256);
  }
  expect(r.panels.map((p) => p.panel)).toEqual(['provenance.ai_share', 'market.rates']);
  expect(r.panels[0]?.sql).toMatch(/^SELECT/);
  const hashes = [
    ...r.headlines.map((h) => ({ panel: `headline:${h.id}`, sha256: h.sha256 })),
    ...r.panels.map((p) => ({ panel: p.panel, sha256: p.sha256 })),
    { panel: 'annotations', sha256: r.annotations.sha256 }
  ];
  expect(sha(canonical(r.annotations.items))).toBe(r.annotations.sha256);
  expect(sha(canonical({ as_of: r.as_of, streams: r.streams, panels: hashes }))).toBe(r.fingerprint);

  // A window in the past gives the same rows when fetched again through the panel API.
  const again = await request.get(`/api/panels/provenance.ai_share?from=2025-01-01&to=2025-07-01`);
  expect(((await again.json()) as { rows: unknown[] }).rows).toEqual(r.panels[0]?.rows);
});

test('the PDF report has pages and its fingerprint', async ({ request }) => {
  const res = await request.get(
    '/api/report.pdf?from=now-90d&panels=provenance.ai_share,market.postings_index,diversity.by_generation,forecast.peak_data',
    {
      timeout: 90_000
    }
  );
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toBe('application/pdf');
  const fp = res.headers()['x-report-fingerprint'] ?? '';
  const pdf = await res.body();
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  expect(pages).toBeGreaterThan(0);
  // The fingerprint is the point of this test: without a way to read the PDF's text it fails
  // and says what to install, rather than passing on the byte checks above alone.
  if (!pdftotext) {
    throw new Error(
      'pdftotext is missing, so the PDF text cannot be checked: install poppler-utils (sudo apt-get install -y poppler-utils)'
    );
  }
  const file = join(mkdtempSync(join(tmpdir(), 'pdo-report-')), 'report.pdf');
  writeFileSync(file, pdf);
  const text = execFileSync(pdftotext, ['-layout', file, '-'], { encoding: 'utf8' });
  expect(text.replace(/\s+/g, '')).toContain(fp);
  expect(text).toContain('Data fingerprint');
});

test('the report page previews the report and links PDF and HTML with the same filters', async ({ page }) => {
  await page.goto('/report?from=now-30d&lang=en&panel=provenance.ai_share&panel=provenance.by_lang');
  await expect(page.getByTestId('report-fingerprint')).toHaveText(/^[0-9a-f]{64}$/, { timeout: 60_000 });
  for (const id of ['download-pdf', 'download-html']) {
    const href = (await page.getByTestId(id).getAttribute('href')) ?? '';
    const q = new URL(href, 'http://x').searchParams;
    expect(q.get('from'), id).toBe('now-30d');
    expect(q.getAll('lang'), id).toEqual(['en']);
    expect(q.get('panels'), id).toBe('provenance.ai_share,provenance.by_lang');
  }
  expect(await page.getByTestId('download-pdf').getAttribute('href')).toMatch(/^\/api\/report\.pdf\?/);
  await expect(page.frameLocator('iframe').getByRole('heading', { name: 'Data fingerprint' })).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/report-1920x1080.png' });
});

test('the PDF packs panels two or more to a page and writes its inputs like the screens', async ({ request }) => {
  test.setTimeout(240_000);
  if (!pdftotext) throw new Error('pdftotext is missing: install poppler-utils (sudo apt-get install -y poppler-utils)');
  const { panels } = (await (await request.get('/api/panels')).json()) as { panels: { id: string }[] };
  const res = await request.get('/api/report.pdf', { timeout: 200_000 });
  if (res.status() !== 200) throw new Error(`GET /api/report.pdf answered ${res.status()}: ${await res.text()}`);
  const file = join(mkdtempSync(join(tmpdir(), 'pdo-report-')), 'report.pdf');
  writeFileSync(file, await res.body());
  // One string per page (pdftotext ends each page with a form feed). Each panel's notes end
  // with its full SHA-256 (the page footer shows only 16 digits): one per figure.
  const pages = execFileSync(pdftotext, ['-layout', file, '-'], { encoding: 'utf8' }).split('\f');
  const figures = pages.map((p) => (p.match(/SHA-256\s+[0-9a-f]{64}/g) ?? []).length);
  expect(figures.reduce((a, b) => a + b, 0)).toBe(panels.length);
  const withFigures = figures.filter((n) => n > 0);
  // One panel a page was the old layout; now at most two pages for every three panels, and most
  // pages hold two or more (a tall panel, or the last of a section, may stand alone).
  expect(withFigures.length).toBeLessThanOrEqual(Math.ceil((panels.length * 2) / 3));
  expect(withFigures.filter((n) => n >= 2).length * 2).toBeGreaterThanOrEqual(withFigures.length);
  // Words of a sentence may wrap onto the next line of the page's text: compare with spaces folded.
  const inputs = pages.findIndex((p) => p.includes('Forecast inputs') && p.replace(/\s+/g, ' ').includes('Each uncertain input'));
  expect(inputs).toBeGreaterThan(0);
  // From the section's heading (the annotations' list may end on the same page) to its outcomes.
  const from = pages.slice(inputs).join('\n');
  // Page footers carry a fingerprint in hex, which can hold seven digits in a row: not a number.
  const table = from.slice(from.indexOf('Forecast inputs'), from.indexOf('Outcomes of the draws')).replace(/SHA-256\s+[0-9a-f]+/g, '');
  // Tokens with SI suffixes and shares in percent, as on screen: no 13-digit raw numbers.
  expect(table).toContain('overtraining');
  expect(table).not.toMatch(/\d{7,}/);
  // Nor grouped thousands ("274,000,000,000 web pages"): every count has its suffix.
  expect(table).not.toMatch(/\d{1,3}(,\d{3}){2,}/);
  expect(table).toMatch(/\d+(\.\d)?B\b/);
});

import type { Browser } from 'playwright-core';
import { CHROMIUM_HELP, HEADLESS_ARGS, chromiumPath } from './chromium';

/** No browser to print with: the route answers 503 with this message. */
export class PdfUnavailable extends Error {
  override name = 'PdfUnavailable';
}

/** A browser is kept this long after the last PDF, so a burst of downloads launches it once. */
const IDLE_CLOSE_MS = 60_000;
const RENDER_TIMEOUT_MS = 60_000;

let browser: Promise<Browser> | null = null;
let idle: NodeJS.Timeout | null = null;
let queue: Promise<unknown> = Promise.resolve();

async function getBrowser(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath)
    throw new PdfUnavailable(`PDF reports need Chromium. ${CHROMIUM_HELP} The HTML report (GET /api/report) works without it.`);
  if (!browser) {
    // Loaded on first use: a server that never prints never loads the browser driver.
    const { chromium } = await import('playwright-core');
    browser = chromium.launch({ executablePath, args: [...HEADLESS_ARGS], timeout: 30_000 }).catch((e: unknown) => {
      browser = null;
      throw new PdfUnavailable(`Chromium at ${executablePath} did not start (${(e as Error).message.split('\n')[0]}). ${CHROMIUM_HELP}`);
    });
  }
  return browser;
}

function scheduleClose() {
  if (idle) clearTimeout(idle);
  idle = setTimeout(() => {
    const b = browser;
    browser = null;
    void b?.then((x) => x.close()).catch(() => undefined);
  }, IDLE_CLOSE_MS);
  idle.unref();
}

/**
 * Prints a self-contained HTML document to an A4 PDF in headless Chromium. One print at a time
 * (Chromium is the heaviest thing this server runs); each in a fresh page that is closed after.
 */
export function htmlToPdf(html: string, footer: string): Promise<Buffer> {
  const job = queue.then(async () => {
    const b = await getBrowser();
    const page = await b.newPage();
    try {
      page.setDefaultTimeout(RENDER_TIMEOUT_MS);
      await page.setContent(html, { waitUntil: 'load' });
      return await page.pdf({
        format: 'A4',
        printBackground: true,
        margin: { top: '12mm', bottom: '14mm', left: '10mm', right: '10mm' },
        displayHeaderFooter: true,
        headerTemplate: '<span></span>',
        footerTemplate: `<div style="font: 8px system-ui, sans-serif; color: #526079; width: 100%; padding: 0 10mm; display: flex; justify-content: space-between;"><span>${footer}</span><span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>`
      });
    } finally {
      await page.close().catch(() => undefined);
      scheduleClose();
    }
  });
  // The queue continues after a failed print.
  queue = job.catch(() => undefined);
  return job;
}

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

interface FoundChromium {
  path: string;
  source: 'CHROMIUM_PATH' | 'playwright' | 'system';
}

const SYSTEM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** Where Playwright keeps its own Chromium when `npx playwright install chromium` has run. */
function playwrightChromium(): string | undefined {
  try {
    // Loaded here, not at module load: the server imports this file and loads the browser
    // driver only when it prints a PDF.
    const { chromium } = createRequire(import.meta.url)('playwright-core') as typeof import('playwright-core');
    return chromium.executablePath();
  } catch {
    return undefined;
  }
}

/**
 * The Chromium for browser tests and PDF reports: CHROMIUM_PATH when set, else Playwright's
 * own build when installed (it matches the driver's version), else a system Chromium or Chrome.
 * Null when there is none; callers print CHROMIUM_HELP.
 */
export function findChromium(): FoundChromium | null {
  const env = process.env.CHROMIUM_PATH;
  if (env) return existsSync(env) ? { path: env, source: 'CHROMIUM_PATH' } : null;
  const own = playwrightChromium();
  if (own && existsSync(own)) return { path: own, source: 'playwright' };
  const system = SYSTEM.find((p) => existsSync(p));
  return system ? { path: system, source: 'system' } : null;
}

/**
 * How every headless Chromium here is launched (PDF reports, browser tests, benchmarks): no
 * sandbox (it runs as a service user or in a container), no GPU, and none of the browser's own
 * network traffic (updates, sync, QUIC probes) beside the pages it loads.
 */
export const HEADLESS_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync'
];

export function chromiumPath(): string | undefined {
  return findChromium()?.path;
}

export const CHROMIUM_HELP = [
  process.env.CHROMIUM_PATH
    ? `CHROMIUM_PATH is set to ${process.env.CHROMIUM_PATH}, which does not exist: point it at a Chromium or Chrome binary, or unset it and install one of:`
    : 'No Chromium found. Install one of:',
  "  npx playwright install chromium    Playwright's own Chromium, into ~/.cache/ms-playwright (needs the network);",
  '                                     on a bare Debian or Ubuntu add the libraries it needs: sudo npx playwright install-deps chromium',
  '  sudo apt-get install -y chromium   Debian’s Chromium (Ubuntu’s package is a snap; use the line above there)',
  'or set CHROMIUM_PATH to a Chromium or Chrome binary. Then run the command again.'
].join('\n');

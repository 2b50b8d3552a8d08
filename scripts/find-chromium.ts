// Prints the Chromium that browser tests and PDF reports use, or how to install one (exit 1).
import { CHROMIUM_HELP, findChromium } from '../server/report/chromium';

const found = findChromium();
if (found) {
  process.stdout.write(`${found.path}\n`);
  process.stderr.write(`Chromium: ${found.path} (${found.source === 'playwright' ? "Playwright's own" : found.source})\n`);
} else {
  process.stderr.write(`${CHROMIUM_HELP}\n`);
  process.exit(1);
}

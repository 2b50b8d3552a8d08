import { existsSync } from 'node:fs';

/**
 * Where the system Chromium is: CHROMIUM_PATH, else the usual Debian and Ubuntu locations.
 * Undefined when none is installed; callers say how to get one.
 */
export function chromiumPath(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  return candidates.find((p): p is string => Boolean(p) && existsSync(p as string));
}

export const CHROMIUM_HELP =
  "No Chromium found. Install Debian's package (sudo apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium or Chrome binary.";

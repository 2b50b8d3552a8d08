import { defineConfig } from '@playwright/test';
import { HEADLESS_ARGS, chromiumPath } from './server/report/chromium';

/**
 * Browser tests run the production build (build/current/observatory/index.js) on its own port
 * and data directory, with the simulator on, in the Chromium server/report/chromium.ts finds:
 * CHROMIUM_PATH, Playwright's own when installed, else the system's.
 */
const PORT = Number(process.env.E2E_PORT ?? 4173);

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results/e2e',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    viewport: { width: 1920, height: 1080 },
    launchOptions: {
      executablePath: chromiumPath(),
      args: [...HEADLESS_ARGS]
    }
  },
  webServer: {
    command: `rm -rf data/e2e && node build/current/observatory/index.js`,
    url: `http://127.0.0.1:${PORT}/api/health`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      PORT: String(PORT),
      HOST: '127.0.0.1',
      CHDB_PATH: 'data/e2e',
      SIMULATE: 'on',
      LOG_LEVEL: 'warn',
      // tests/e2e/security-headers.spec.ts checks the wall may be framed from here, and nothing else.
      WALL_FRAME_ANCESTORS: 'https://wall-host.example'
    }
  }
});

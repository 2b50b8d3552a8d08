import { spawn } from 'node:child_process';
import { cpSync, existsSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startOwnServer, type OwnServer } from './own-server';

// Redeploys under a running server. Each server here is this spec's own (port 0, own data) and
// has loaded no page before the build or the deletions, as a server that has just started.
const PAGES = ['/', '/explore', '/wall', '/report'];

function run(cmd: string, args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    child.once('exit', (code) => resolve({ code, out }));
  });
}

/** Loads a page in the browser; returns every response of 400 or more and every failed request. */
async function loadPage(page: Page, url: string): Promise<string[]> {
  const problems: string[] = [];
  const onResponse = (r: import('@playwright/test').Response) => {
    if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`);
  };
  // ERR_ABORTED is the browser cancelling a request itself (the previous page's, on navigation);
  // a server that failed shows as a status, a reset or an empty response.
  const onFailed = (r: import('@playwright/test').Request) => {
    const why = r.failure()?.errorText ?? '';
    if (why !== 'net::ERR_ABORTED') problems.push(`failed ${r.url()} ${why}`);
  };
  const onError = (e: Error) => problems.push(`page error ${e.message}`);
  page.on('response', onResponse);
  page.on('requestfailed', onFailed);
  page.on('pageerror', onError);
  const res = await page.goto(url, { waitUntil: 'networkidle' });
  problems.unshift(...(res && res.status() !== 200 ? [`${res.status()} ${url}`] : []));
  // Hydrated: the site header's navigation is interactive.
  await expect(page.locator('header').first()).toBeVisible();
  page.off('response', onResponse);
  page.off('requestfailed', onFailed);
  page.off('pageerror', onError);
  return problems;
}

test.describe.configure({ mode: 'serial' });

test('a second build under a running server: every page still loads whole, the server stays up', async ({ page }) => {
  test.setTimeout(600_000);
  const before = realpathSync('build/current');
  const server = await startOwnServer('build/current/observatory/index.js');
  try {
    const built = await run('npm', ['run', 'build']);
    expect(built.code, built.out).toBe(0);
    const after = realpathSync('build/current');
    expect(after).not.toBe(before);
    // The running server's release is kept: it marked it in use.
    expect(existsSync(join(before, 'handler.js'))).toBe(true);

    for (const p of PAGES) expect(await loadPage(page, `${server.url}${p}`), p).toEqual([]);
    const health = await fetch(`${server.url}/api/health`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { uncaught_errors: number }).uncaught_errors).toBe(0);
    expect(server.child.exitCode).toBeNull();

    // npm start builds only when an input changed.
    const again = await run('npx', ['tsx', 'scripts/build.ts', '--if-changed']);
    expect(again.code, again.out).toBe(0);
    expect(again.out).toContain('build is up to date');
    expect(realpathSync('build/current')).toBe(after);
  } finally {
    await server.stop();
  }
});

test('route modules and build files deleted under a running server: pages render, a missing file is a 404, the server stays up', async () => {
  // A copy of the release beside the real ones (node_modules resolve from the checkout), so
  // deleting in it touches no other server.
  const copy = join('build', `e2e-copy-${process.pid}`);
  rmSync(copy, { recursive: true, force: true });
  cpSync(realpathSync('build/current'), copy, { recursive: true, filter: (src) => !src.includes('.in-use') });
  const server: OwnServer = await startOwnServer(join(copy, 'observatory/index.js'));
  try {
    expect(server.log.join('\n')).toMatch(/"route_modules_loaded":[1-9]/);
    const entry = readdirSync(join(copy, 'client/_app/immutable/entry')).find((f) => /^start\..*\.js$/.test(f));
    expect(entry).toBeDefined();
    const startJs = `/_app/immutable/entry/${entry}`;
    expect((await fetch(`${server.url}${startJs}`)).status).toBe(200);

    // What a build in place did: route chunks renamed away, the entry script and its twins gone.
    rmSync(join(copy, 'server/chunks'), { recursive: true });
    for (const ext of ['', '.br', '.gz']) rmSync(join(copy, `client${startJs}${ext}`), { force: true });

    for (const p of PAGES) {
      const res = await fetch(`${server.url}${p}`);
      expect(res.status, p).toBe(200);
      expect(await res.text(), p).toContain(startJs);
    }
    const gone = await fetch(`${server.url}${startJs}`, { headers: { 'accept-encoding': 'br, gzip' } });
    expect(gone.status).toBe(404);
    expect(await gone.text()).toBe(`not found: ${startJs}`);
    expect((await fetch(`${server.url}/favicon.svg`)).status).toBe(200);
    const health = await fetch(`${server.url}/api/health`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { uncaught_errors: number }).uncaught_errors).toBe(0);
    expect(server.child.exitCode).toBeNull();
  } finally {
    await server.stop();
    rmSync(copy, { recursive: true, force: true });
  }
});

// `npm test`: every suite, in the order that fails fastest. Lint (with the import boundaries),
// unit specs, then the integration suites twice: on the real embedded engine, and over
// ClickHouse's HTTP interface (the server path: @clickhouse/client, the product's HTTP transport,
// SQL and error handling) against the test harness in tests/helpers/clickhouse-http, or against
// the server CLICKHOUSE_URL names when it is set. Then the production build and the browser tests
// in Playwright's Chromium or the system's. Exits non-zero on the first failing step.
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';

// Processes a step started, ended before a failing step ends this one.
const children = new Set();
const run = (label, cmd, args, env = {}) => {
  process.stdout.write(`\n=== ${label}\n`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) {
    process.stdout.write(`\n${label} failed (exit ${r.status ?? r.signal})\n`);
    for (const c of children) c.kill('SIGTERM');
    process.exit(r.status ?? 1);
  }
};

// CHROMIUM_PATH, else Playwright's own Chromium, else the system's (server/report/chromium.ts).
const found = spawnSync('npx', ['tsx', 'scripts/find-chromium.ts'], { encoding: 'utf8' });
const chromium = found.status === 0 ? found.stdout.trim() : null;

run('sync', 'npx', ['svelte-kit', 'sync']);
run('type check', 'npx', ['tsc', '-p', 'tsconfig.server.json']);
run('lint (style and import boundaries)', 'npm', ['run', 'lint']);
run('unit tests', 'npx', ['vitest', 'run', '--project', 'unit']);
run('integration tests (embedded chDB)', 'npx', ['vitest', 'run', '--project', 'integration'], { CLICKHOUSE_URL: '' });
if (process.env.CLICKHOUSE_URL) {
  run(`integration tests (ClickHouse server at ${process.env.CLICKHOUSE_URL})`, 'npx', ['vitest', 'run', '--project', 'integration']);
} else {
  // The harness: chDB behind ClickHouse's HTTP interface, in a process of its own.
  const harness = spawn(process.execPath, ['--import', 'tsx', 'tests/helpers/clickhouse-http/serve.ts'], {
    stdio: ['ignore', 'pipe', 'inherit']
  });
  const url = await new Promise((resolve, reject) => {
    createInterface({ input: harness.stdout }).once('line', resolve);
    harness.once('exit', (code) => reject(new Error(`the ClickHouse HTTP harness exited (code ${code})`)));
  });
  children.add(harness);
  const stopped = new Promise((resolve) => harness.once('exit', resolve));
  try {
    run(
      'integration tests (over ClickHouse HTTP: the server path against the chDB harness)',
      'npx',
      ['vitest', 'run', '--project', 'integration'],
      {
        CLICKHOUSE_URL: url
      }
    );
  } finally {
    harness.kill('SIGTERM');
    await stopped;
  }
}
if (!chromium) {
  process.stdout.write(`\n${found.stderr}`);
  process.exit(1);
}
run('build', 'npm', ['run', 'build']);
run('browser tests (Chromium)', 'npx', ['playwright', 'test'], { CHROMIUM_PATH: chromium });
process.stdout.write('\nall suites passed\n');

// `npm test`: every suite, in the order that fails fastest. Lint (with the import boundaries),
// unit specs, then integration suites on the real embedded engine, then the production build and
// the browser tests in Playwright's Chromium or the system's. Exits non-zero on the first failing
// step.
import { spawnSync } from 'node:child_process';

const run = (label, cmd, args, env = {}) => {
  process.stdout.write(`\n=== ${label}\n`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) {
    process.stdout.write(`\n${label} failed (exit ${r.status ?? r.signal})\n`);
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
if (!process.env.CLICKHOUSE_URL) {
  process.stdout.write(
    '\nClickHouse server suite: skipped (CLICKHOUSE_URL is not set; the integration suite runs on the embedded engine).\n'
  );
}
run(`integration tests (${process.env.CLICKHOUSE_URL ? 'ClickHouse server' : 'embedded chDB'})`, 'npx', [
  'vitest',
  'run',
  '--project',
  'integration'
]);
if (!chromium) {
  process.stdout.write(`\n${found.stderr}`);
  process.exit(1);
}
run('build', 'npm', ['run', 'build']);
run('browser tests (Chromium)', 'npx', ['playwright', 'test'], { CHROMIUM_PATH: chromium });
process.stdout.write('\nall suites passed\n');

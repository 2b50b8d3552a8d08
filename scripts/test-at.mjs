// `npm run test:at -- 2026-12-31T23:59:30Z`: the unit and integration suites with every Node
// process's clock (the test runner, its workers, the servers tests start) set to that instant
// and running on from there. For month ends, year ends and just after midnight UTC.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const at = process.argv[2] ?? '';
const target = Date.parse(at);
if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?Z$/.test(at) || !Number.isFinite(target)) {
  process.stderr.write('usage: npm run test:at -- YYYY-MM-DDTHH:MM:SSZ (a UTC instant)\n');
  process.exit(2);
}
const preload = fileURLToPath(new URL('./shifted-clock.mjs', import.meta.url));
const env = {
  ...process.env,
  // One offset for every process, taken once here: they all share the same shifted clock.
  TEST_CLOCK_OFFSET_MS: String(target - Date.now()),
  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${JSON.stringify(preload)}`.trim()
};
// Both suites run whatever the first gives, so one run shows every date-dependent failure.
let failed = 0;
for (const project of ['unit', 'integration']) {
  process.stdout.write(`\n=== ${project} tests with the clock at ${at}\n`);
  const r = spawnSync('npx', ['vitest', 'run', '--project', project], { stdio: 'inherit', env });
  if (r.status !== 0) failed = r.status ?? 1;
}
process.exit(failed);

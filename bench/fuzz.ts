// The long hostile-input run: the suites of tests/integration/hostile*.test.ts with every
// generated property run HOSTILE_SCALE times as often (default 20, about 20,000 cases) and a
// fresh seed, then the tallies of what the requests got. A failure prints the case and the seed
// that replays it (HOSTILE_SEED=<seed> npx vitest run tests/integration/hostile.test.ts).
import { spawnSync } from 'node:child_process';
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../server/paths';
import { isMain } from './lib';

export async function main() {
  const report = join(mkdtempSync(join(tmpdir(), 'pdo-fuzz-')), 'report.json');
  const seed = String(process.env.HOSTILE_SEED ?? Math.floor(Math.random() * 2 ** 31));
  const scale = process.env.HOSTILE_SCALE ?? '20';
  const t = performance.now();
  const r = spawnSync(
    'npx',
    [
      'vitest',
      'run',
      '--project',
      'integration',
      'tests/integration/hostile.test.ts',
      'tests/integration/hostile-oracle.test.ts',
      'tests/integration/hostile-reads.test.ts',
      '--testTimeout',
      '0'
    ],
    {
      cwd: projectRoot(),
      stdio: 'inherit',
      env: { ...process.env, HOSTILE_SCALE: scale, HOSTILE_SEED: seed, HOSTILE_REPORT: report }
    }
  );
  const tallies = JSON.parse(readFileSync(report, 'utf8')) as { cases: number; by_status: Record<string, number> };
  return { seed, scale: Number(scale), passed: r.status === 0, seconds: Math.round((performance.now() - t) / 1000), ...tallies };
}

if (isMain(import.meta.url)) console.log(JSON.stringify(await main(), null, 2));

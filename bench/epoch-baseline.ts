// Writes bench/results/epoch-baseline.json: the Epoch model's answers for a fixed set of runs (the
// API's default seed and two others, each branch, 100,000 draws, plus overtraining and AI-share
// variants), with the commit that computed them. The committed file was made by the model before
// its draw loop was rewritten for speed; server/forecast/epoch-baseline.spec.ts holds today's
// model to it. Rerun (`npx tsx bench/epoch-baseline.ts`) only when the model is meant to change.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDefaultProjection } from '../server/forecast/epoch-compute-projection';
import { runEpoch, type Branch, type EpochRun } from '../server/forecast/epoch-model';
import { publishedSetup } from '../server/forecast/epoch-setup';
import { projectRoot } from '../server/paths';

export interface BaselineCase {
  branch: Branch;
  seed: number;
  overtraining: number;
  aiShare: number;
}

export interface EpochBaseline {
  made_by: string;
  commit: string;
  options: { draws: number; asOf: number; fromYear: number; toYear: number };
  runs: { case: BaselineCase; result: EpochRun }[];
}

export const BASELINE_OPTIONS = { draws: 100_000, asOf: 2026.9, fromYear: 2020, toYear: 2042 } as const;

export const BASELINE_CASES: BaselineCase[] = [
  ...(['pooled', 'historical', 'compute'] as Branch[]).flatMap((branch) =>
    [1, 2, 3].map((seed) => ({ branch, seed, overtraining: 1, aiShare: 0 }))
  ),
  { branch: 'pooled', seed: 1, overtraining: 5, aiShare: 0 },
  { branch: 'pooled', seed: 1, overtraining: 1, aiShare: 0.3 }
];

/** One baseline case run with today's model. */
export function runCase(c: BaselineCase): EpochRun {
  const setup = publishedSetup(loadDefaultProjection());
  return runEpoch(
    { ...setup, stock: { ...setup.stock, aiShare: c.aiShare } },
    { branch: c.branch, overtraining: c.overtraining, seed: c.seed, ...BASELINE_OPTIONS }
  );
}

function main(): void {
  const root = projectRoot();
  const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  const out: EpochBaseline = {
    made_by: 'npx tsx bench/epoch-baseline.ts, with the model of the commit below',
    commit,
    options: { ...BASELINE_OPTIONS },
    runs: BASELINE_CASES.map((c) => ({ case: c, result: runCase(c) }))
  };
  writeFileSync(join(root, 'bench/results/epoch-baseline.json'), JSON.stringify(out) + '\n');
}

main();

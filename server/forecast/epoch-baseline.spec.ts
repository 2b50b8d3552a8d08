// The Epoch model against its own answers from before its draw loop was rewritten for speed
// (bench/results/epoch-baseline.json, written by bench/epoch-baseline.ts with the model of the
// commit it names): the same runs, 100,000 draws each, must give the same forecast.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../paths';
import { loadDefaultProjection } from './epoch-compute-projection';
import { runEpoch, type Branch, type EpochRun } from './epoch-model';
import { publishedSetup } from './epoch-setup';

interface Baseline {
  commit: string;
  options: { draws: number; asOf: number; fromYear: number; toYear: number };
  runs: { case: { branch: Branch; seed: number; overtraining: number; aiShare: number }; result: EpochRun }[];
}

const baseline = JSON.parse(readFileSync(join(projectRoot(), 'bench/results/epoch-baseline.json'), 'utf8')) as Baseline;
const setup = publishedSetup(loadDefaultProjection());

describe('Epoch model against its answers before the faster draw loop', () => {
  it('covers every branch with the API default seed at 100,000 draws', () => {
    expect(baseline.options.draws).toBe(100_000);
    expect(new Set(baseline.runs.map((r) => r.case.branch))).toEqual(new Set(['pooled', 'historical', 'compute']));
    expect(baseline.runs.some((r) => r.case.seed === 1 && r.case.branch === 'pooled')).toBe(true);
  });

  for (const { case: c, result: before } of baseline.runs) {
    const name = `${c.branch}, seed ${c.seed}, ${c.overtraining}x overtraining, AI share ${c.aiShare}`;
    const now = () => runEpoch({ ...setup, stock: { ...setup.stock, aiShare: c.aiShare } }, { ...c, ...baseline.options });

    it(`keeps every exhaustion quantile within 0.02 years: ${name}`, () => {
      const e = now().exhaustion;
      for (const k of ['p10_year', 'median_year', 'p90_year'] as const) {
        const was = before.exhaustion[k];
        if (was === null) expect(e[k], k).toBeNull();
        else expect(Math.abs((e[k] ?? NaN) - was), k).toBeLessThanOrEqual(0.02);
      }
    });

    // The rewrite draws the same normals in the same order and keeps each formula's arithmetic,
    // so not only the quantiles but every figure is the same number.
    it(`gives the same probabilities, histogram, curves and outcomes: ${name}`, () => {
      expect(now()).toEqual(before);
    });
  }
});

// The TypeScript model against an independent computation of the same model in Python
// (bench/epoch-check/check.py: every factor drawn separately, exhaustion read from
// P(D(y) >= S(y)) on a grid of years with stock and demand drawn independently). Its output is
// committed as bench/results/epoch-check.json; rerun the script after changing the model's inputs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../paths';
import { loadDefaultProjection } from './epoch-compute-projection';
import { runEpoch, type Branch } from './epoch-model';
import { publishedSetup } from './epoch-setup';
import { publishedTrends } from './epoch-trend';

interface Quantiles {
  p10: number;
  median: number;
  p90: number;
}
const check = JSON.parse(readFileSync(join(projectRoot(), 'bench/results/epoch-check.json'), 'utf8')) as {
  demand_growth_oom: { p2_5: number; p97_5: number };
  exhaustion: Record<string, Quantiles>;
};

describe('Epoch model against the independent Python computation', () => {
  const setup = publishedSetup(loadDefaultProjection());
  it('has the same demand growth interval from its own bootstrap', () => {
    const d = publishedTrends().demandGrowth;
    // Two bootstraps of 10,000 resamples with different generators: their 2.5th/97.5th
    // percentiles differ by Monte Carlo error alone, about 0.005 OOM a year.
    expect(Math.abs(d.lo - check.demand_growth_oom.p2_5)).toBeLessThan(0.01);
    expect(Math.abs(d.hi - check.demand_growth_oom.p97_5)).toBeLessThan(0.01);
  });

  for (const branch of ['historical', 'compute', 'pooled'] as Branch[]) {
    for (const k of [1, 5]) {
      it(`gives the same ${branch} exhaustion quantiles with ${k}x overtraining`, () => {
        const ref = check.exhaustion[`${branch}_${k}x`] as Quantiles;
        const e = runEpoch(setup, {
          branch,
          overtraining: k,
          draws: 100_000,
          seed: 3,
          asOf: 2024,
          fromYear: 2020,
          toYear: 2045
        }).exhaustion;
        // 100,000 draws on each side: the standard error of a quantile of the crossing year is
        // about 0.01-0.03 years (more in the compute branch's long upper tail), and the Python
        // grid of 0.05 years is interpolated. 0.1 years is several standard errors and still
        // far below anything a reader of the forecast would notice.
        expect(Math.abs((e.median_year ?? NaN) - ref.median)).toBeLessThan(0.1);
        expect(Math.abs((e.p10_year ?? NaN) - ref.p10)).toBeLessThan(0.1);
        expect(Math.abs((e.p90_year ?? NaN) - ref.p90)).toBeLessThan(branch === 'historical' ? 0.1 : 0.2);
      });
    }
  }
});

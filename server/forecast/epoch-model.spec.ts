import { describe, expect, it } from 'vitest';
import { loadDefaultProjection } from './epoch-compute-projection';
import { runEpoch } from './epoch-model';
import { publishedSetup } from './epoch-setup';

describe('runEpoch', () => {
  const setup = publishedSetup(loadDefaultProjection());
  const base = { overtraining: 1, draws: 20_000, seed: 2, asOf: 2024, fromYear: 2020, toYear: 2040 };

  it('has probabilities that rise, histogram shares that add up to them, and outcomes that add up to the draws', () => {
    const r = runEpoch(setup, { ...base, branch: 'pooled' });
    const ps = r.probability_by_year.map((y) => y.p);
    for (let i = 1; i < ps.length; i++) expect(ps[i]).toBeGreaterThanOrEqual(ps[i - 1] ?? 0);
    const o = r.outcomes;
    expect(o.crossing + o.already + o.beyond_horizon + o.never).toBe(base.draws);
    const shares = r.histogram.reduce((s, h) => s + h.share, 0);
    // Crossings before 2020 are in the probabilities but have no bar.
    expect(shares).toBeLessThanOrEqual((ps[ps.length - 1] ?? 0) + 1e-12);
    expect((ps[ps.length - 1] ?? 0) - shares).toBeLessThan(0.01);
  });

  it('moves every draw earlier with overtraining: the same seed gives the same paths', () => {
    const a = runEpoch(setup, { ...base, branch: 'historical' });
    const b = runEpoch(setup, { ...base, branch: 'historical', overtraining: 4 });
    // sqrt(4) = 2x the data: the median moves by ln 2 / (ln G - ln g), G the median dataset growth.
    expect((b.exhaustion.median_year ?? NaN) - (a.exhaustion.median_year ?? NaN)).toBeLessThan(-0.5);
    for (let i = 0; i < a.probability_by_year.length; i++) {
      expect(b.probability_by_year[i]?.p ?? 0).toBeGreaterThanOrEqual(a.probability_by_year[i]?.p ?? 0);
    }
  });

  it('puts the compute branch later and wider than the historical one with the Besiroglu table', () => {
    const h = runEpoch(setup, { ...base, branch: 'historical' }).exhaustion;
    const c = runEpoch(setup, { ...base, branch: 'compute' }).exhaustion;
    expect(c.median_year ?? NaN).toBeGreaterThan(h.median_year ?? NaN);
    expect((c.p90_year ?? Infinity) - (c.p10_year ?? 0)).toBeGreaterThan((h.p90_year ?? NaN) - (h.p10_year ?? NaN));
  });

  it('discounts the stock growth in the AI-share scenario, bringing the crossing earlier', () => {
    const off = runEpoch(setup, { ...base, branch: 'pooled' }).exhaustion.median_year ?? NaN;
    const on = runEpoch({ ...setup, stock: { ...setup.stock, aiShare: 0.5 } }, { ...base, branch: 'pooled' }).exhaustion.median_year ?? NaN;
    expect(on).toBeLessThan(off);
  });

  it('gives the same answer after runs of other sizes have used its kept arrays', () => {
    const first = runEpoch(setup, { ...base, branch: 'pooled' });
    // A smaller run, one too large to keep its arrays, and one with other years in between.
    runEpoch(setup, { ...base, branch: 'compute', draws: 3_000, seed: 9 });
    runEpoch(setup, { ...base, branch: 'historical', draws: 160_000, seed: 4 });
    runEpoch(setup, { ...base, branch: 'pooled', seed: 5, fromYear: 2000, toYear: 2060 });
    expect(runEpoch(setup, { ...base, branch: 'pooled' })).toEqual(first);
  });
});

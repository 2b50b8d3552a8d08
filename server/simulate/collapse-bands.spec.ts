import { beforeAll, describe, expect, it } from 'vitest';
import { distinctN } from '../diversity/metrics';
import { COLLAPSE_FAMILY, COLLAPSE_VARIANTS, simulateCollapse } from './collapse';
import { COLLAPSE_REPLICATES, distinctReplicateBands, distinctReplicateRange } from './collapse-bands';

let bands: Awaited<ReturnType<typeof distinctReplicateBands>>;

beforeAll(async () => {
  bands = await distinctReplicateBands();
});

describe('collapse replicate bands', () => {
  it('spans every replicate run, generation by generation, for both variants', () => {
    for (const seed of [1, COLLAPSE_REPLICATES]) {
      for (const chain of simulateCollapse({ seed }).chains) {
        for (const g of chain.generations) {
          const v = distinctN(g.texts, 1) as number;
          const r = distinctReplicateRange(bands, COLLAPSE_FAMILY, chain.variant.model, g.generation);
          expect(r, `${chain.variant.model} ${g.generation}`).not.toBeNull();
          expect(v).toBeGreaterThanOrEqual(r?.min ?? NaN);
          expect(v).toBeLessThanOrEqual(r?.max ?? NaN);
        }
      }
    }
    expect(bands.size).toBe(COLLAPSE_VARIANTS.length * 10);
  });

  it('is a spread, not a point: replicate runs differ', () => {
    for (const [k, r] of bands) expect(r.max, k).toBeGreaterThan(r.min);
  });

  it('has no range for models the simulation did not run', () => {
    expect(distinctReplicateRange(bands, 'imported-family', 'recursive', 0)).toBeNull();
    expect(distinctReplicateRange(bands, COLLAPSE_FAMILY, 'unknown-model', 0)).toBeNull();
    expect(distinctReplicateRange(bands, COLLAPSE_FAMILY, 'recursive', 99)).toBeNull();
  });
});

// The spread of the simulated collapse across replicate runs: the same simulation with seeds 1 to
// 8, each generation's texts measured by the diversity panels' own definition. One stored chain
// is one draw of a random process; the band says how far another run could land, so a change
// between generations smaller than the band is not a finding.
import { distinctN } from '../diversity/metrics';
import { COLLAPSE_FAMILY, simulateCollapse } from './collapse';

export const COLLAPSE_REPLICATES = 8;

interface ReplicateRange {
  min: number;
  max: number;
}

let memo: Promise<ReadonlyMap<string, ReplicateRange>> | undefined;

const key = (model: string, generation: number) => `${model}\n${generation}`;

/**
 * Distinct-1 (distinct words / words, counted exactly) of each variant's generations over
 * COLLAPSE_REPLICATES runs at the simulation's defaults (200 texts a generation, the history's
 * count): smallest and largest. Deterministic, so computed once per process: about a second of
 * work, given back to the event loop after each run so requests meanwhile are not held up.
 */
export function distinctReplicateBands(): Promise<ReadonlyMap<string, ReplicateRange>> {
  memo ??= computeBands();
  return memo;
}

async function computeBands(): Promise<ReadonlyMap<string, ReplicateRange>> {
  const out = new Map<string, ReplicateRange>();
  for (let seed = 1; seed <= COLLAPSE_REPLICATES; seed++) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    for (const chain of simulateCollapse({ seed }).chains) {
      for (const g of chain.generations) {
        const v = distinctN(g.texts, 1);
        if (v === null) continue;
        const k = key(chain.variant.model, g.generation);
        const r = out.get(k);
        out.set(k, r ? { min: Math.min(r.min, v), max: Math.max(r.max, v) } : { min: v, max: v });
      }
    }
  }
  return out;
}

/** The replicate range of distinct-1 for a row of the simulated family, else null. */
export function distinctReplicateRange(
  bands: ReadonlyMap<string, ReplicateRange>,
  family: unknown,
  model: unknown,
  generation: unknown
): ReplicateRange | null {
  if (family !== COLLAPSE_FAMILY || typeof model !== 'string') return null;
  return bands.get(key(model, Number(generation))) ?? null;
}

// The Gaussian case of model collapse that Shumailov et al. (Nature 2024) analyse: generation g
// fits a normal distribution (maximum likelihood: sample mean and variance with divisor n) to n
// samples drawn from generation g - 1's fit. The fitted variance shrinks in expectation,
// E[sigma_g^2] = ((n - 1) / n)^g sigma_0^2, and with probability one goes to zero as g grows,
// while the mean wanders: the tails go first, then everything but a point.
import { createRng } from '../lib/random';

interface GaussianGeneration {
  generation: number;
  mean: number;
  variance: number;
}

interface GaussianOptions {
  /** Samples each generation is fitted to. @default 100 */
  samples?: number;
  /** @default 100 */
  generations?: number;
  seed?: number;
}

/** One chain, starting from N(0, 1). Deterministic for a seed. */
export function gaussianChain(opts: GaussianOptions = {}): GaussianGeneration[] {
  const n = opts.samples ?? 100;
  const generations = opts.generations ?? 100;
  if (!Number.isInteger(n) || n < 2) throw new RangeError('samples must be an integer >= 2');
  const rng = createRng(opts.seed ?? 1);
  let mean = 0;
  let variance = 1;
  const out: GaussianGeneration[] = [{ generation: 0, mean, variance }];
  for (let g = 1; g < generations; g++) {
    const sd = Math.sqrt(variance);
    let sum = 0;
    let sumSq = 0;
    for (let i = 0; i < n; i++) {
      const x = mean + sd * rng.normal();
      sum += x;
      sumSq += x * x;
    }
    mean = sum / n;
    variance = Math.max(0, sumSq / n - mean * mean);
    out.push({ generation: g, mean, variance });
  }
  return out;
}

/** The expected fitted variance at generation g: ((n - 1) / n)^g. */
export function expectedVariance(samples: number, generation: number): number {
  return ((samples - 1) / samples) ** generation;
}

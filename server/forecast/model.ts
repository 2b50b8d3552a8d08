// The simple forecast (model=simple), this project's reduction of the paper's model: when does the largest training dataset reach the stock of human text?
// Both grow exponentially, so the stock S*g^dt meets the demand D*G^dt at
// dt = ln(S/D) / ln(G/g). Monte Carlo over the four lognormal inputs turns that into a distribution.
import { FORECAST_DEFAULTS, type ForecastInputs, type ForecastResponse, type QuantileBand } from '../../src/lib/contract/forecast';
import { lognormalBand, lognormalFromP5P95, lognormalProductPower, type Lognormal } from './lognormal';
import { countBelow, quantileSorted } from './quantile';
import { createRng } from '../lib/random';

export interface RunOptions {
  draws: number;
  seed: number;
  /** Years after floor(asOf) covered by probability_by_year and the curves. Default 16. */
  horizonYears?: number;
}

export type ForecastResult = Omit<ForecastResponse, 'assumptions' | 'origin' | 'as_of_date' | 'model' | 'paper'>;

export function runForecast(inputs: ForecastInputs, opts: RunOptions): ForecastResult {
  const { draws, seed } = opts;
  const horizon = opts.horizonYears ?? FORECAST_DEFAULTS.horizonYears;
  if (!Number.isInteger(draws) || draws < 1) {
    throw new RangeError(`draws must be a positive integer, got ${draws}`);
  }
  if (!Number.isInteger(horizon) || horizon < 0) {
    throw new RangeError(`horizonYears must be a non-negative integer, got ${horizon}`);
  }
  if (!Number.isFinite(inputs.asOf)) {
    throw new RangeError(`asOf must be finite, got ${inputs.asOf}`);
  }
  if (!(inputs.overtraining >= 1) || !Number.isFinite(inputs.overtraining)) {
    throw new RangeError(`overtraining must be >= 1, got ${inputs.overtraining}`);
  }

  const stock = lognormalFromP5P95(inputs.stockP5, inputs.stockP95);
  const stockGrowth = lognormalFromP5P95(inputs.stockGrowthP5, inputs.stockGrowthP95);
  const baseDemand = lognormalFromP5P95(inputs.demandP5, inputs.demandP95);
  // Overtraining by k multiplies the data a model wants by sqrt(k): a constant shift in log space.
  const demand: Lognormal = {
    mu: baseDemand.mu + 0.5 * Math.log(inputs.overtraining),
    sigma: baseDemand.sigma
  };
  const demandGrowth = lognormalFromP5P95(inputs.demandGrowthP5, inputs.demandGrowthP95);

  const times = sampleExhaustion(inputs.asOf, stock, stockGrowth, demand, demandGrowth, draws, seed);
  const { t, never, already } = times;
  // Float64Array.sort without a comparator is a native numeric sort (+Infinity last). One sort of
  // 100k doubles (~7 ms on the 2-core target, next to ~12 ms for the 400k normals) serves all three
  // percentiles and, by binary search, every year's probability; selection would save little.
  t.sort();

  const firstYear = Math.floor(inputs.asOf);
  const years: number[] = [];
  for (let y = firstYear; y <= firstYear + horizon; y++) years.push(y);

  const horizonEnd = firstYear + horizon + 1;
  const beforeEnd = countBelow(t, horizonEnd);
  // A percentile among the draws that cross only after the last year shown, or never, is null.
  const within = (q: number): number | null => {
    const v = quantileSorted(t, q);
    return Number.isFinite(v) && v < horizonEnd ? v : null;
  };
  return {
    as_of: inputs.asOf,
    exhaustion: { median_year: within(0.5), p10_year: within(0.1), p90_year: within(0.9) },
    // "Used up by year Y" means before the end of Y, i.e. t < Y + 1: a crossing at 2028.4 counts
    // for 2028. Draws that had already crossed (t = asOf) count from the first year on.
    probability_by_year: years.map((year) => ({ year, p: countBelow(t, year + 1) / draws })),
    stock: curve(stock, stockGrowth, inputs.asOf, years),
    demand: curve(demand, demandGrowth, inputs.asOf, years),
    // Crossings in each year; the draws already past at as_of are counted in `outcomes` instead.
    histogram: years.map((year) => ({
      year,
      share: (countBelow(t, year + 1) - countBelow(t, year) - (year === firstYear ? already : 0)) / draws
    })),
    band_credibility: 90,
    draws,
    seed,
    outcomes: { crossing: beforeEnd - already, never, already, beyond_horizon: draws - beforeEnd - never }
  };
}

interface Samples {
  t: Float64Array;
  never: number;
  already: number;
}

function sampleExhaustion(
  asOf: number,
  stock: Lognormal,
  stockGrowth: Lognormal,
  demand: Lognormal,
  demandGrowth: Lognormal,
  draws: number,
  seed: number
): Samples {
  const rng = createRng(seed);
  const t = new Float64Array(draws);
  let never = 0;
  let already = 0;
  for (let i = 0; i < draws; i++) {
    // Every draw takes exactly four normals in a fixed order, even for constant inputs. Two runs
    // with the same seed then share their random numbers input by input (common random numbers),
    // so "more stock" moves each draw later and comparisons are not blurred by resampling noise.
    // Working in logs skips four exp/log pairs per draw.
    const lnS = stock.mu + stock.sigma * rng.normal();
    const lng = stockGrowth.mu + stockGrowth.sigma * rng.normal();
    const lnD = demand.mu + demand.sigma * rng.normal();
    const lnG = demandGrowth.mu + demandGrowth.sigma * rng.normal();
    if (lnD >= lnS) {
      already++;
      t[i] = asOf;
    } else if (lnG <= lng) {
      never++;
      t[i] = Infinity;
    } else {
      t[i] = asOf + (lnS - lnD) / (lnG - lng);
    }
  }
  return { t, never, already };
}

// The bands are computed in closed form rather than from the draws. For a fixed year,
// ln(S * g^dt) = ln S + dt ln g is a sum of independent normals, hence normal with mean
// mu_S + dt mu_g and variance sigma_S^2 + dt^2 sigma_g^2; its percentiles are exact, cost nothing
// (no 17 x 2 sorts of 100k values) and are what the sampled percentiles converge to. This relies on
// the inputs being drawn independently, which sampleExhaustion does; if correlated inputs are ever
// added, switch to sampled bands.
function curve(level: Lognormal, growth: Lognormal, asOf: number, years: number[]): QuantileBand[] {
  return years.map((year) => ({
    year,
    ...lognormalBand(lognormalProductPower(level, growth, year - asOf))
  }));
}

// Inputs of the simple model (model=simple): four lognormals, each given by a 90% interval, taken
// from the paper's numbers where it states them. Used when the live estimates are unavailable and
// as the reference the live ones are compared with. Every number carries its source twice: in a comment
// for readers of the code and in a `source` string for readers of the dashboard and the report.
import type { Assumption, ForecastInputs } from '../../src/lib/contract/forecast';
import { DEMAND_LEVEL_2024, HOFFMANN_2022, STOCK_FACTORS, VILLALOBOS_2024, logNormal } from './epoch-inputs';
import { Z95, lognormalBand, lognormalFromP5P95, lognormalProductPower } from './lognormal';

/** Decimal year the published levels refer to. */
export const PUBLISHED_AS_OF = 2024.0;

/** Phi^-1(0.975): the paper states growth as a 95% interval; the model takes 90% ones. */
const Z975 = 1.959963984540054;

// Effective stock of quality-adjusted, deduplicated human text: about 3e14 tokens in 2024, 90% CI
// 1e14-1e15 (Villalobos et al. 2024). The lognormal through these percentiles has median
// sqrt(1e14 * 1e15) = 3.2e14, matching the published point.
export const STOCK_2024 = {
  p5: 1e14,
  p95: 1e15,
  source: `${VILLALOBOS_2024}: effective stock ~3e14 tokens in 2024, 90% CI 1e14-1e15`
} as const;

// Growth of the stock: the paper's two growth factors, page size x1.02-x1.04 and page count
// x1.00-x1.10 a year, both 95% intervals (Epoch's src/indexed_web.py). Their product is lognormal;
// its 90% interval is about x1.037-x1.125 a year (median x1.080).
const STOCK_GROWTH_LN = (() => {
  const a = logNormal(STOCK_FACTORS.sizeGrowth);
  const b = logNormal(STOCK_FACTORS.countGrowth);
  return { mu: a.mu + b.mu, sigma: Math.hypot(a.sigma, b.sigma) };
})();
export const STOCK_GROWTH = {
  p5: Math.exp(STOCK_GROWTH_LN.mu - Z95 * STOCK_GROWTH_LN.sigma),
  p95: Math.exp(STOCK_GROWTH_LN.mu + Z95 * STOCK_GROWTH_LN.sigma),
  source: `${VILLALOBOS_2024}: page size x1.02-x1.04 and page count x1.00-x1.10 a year (95% each); ` + `their product's 90% interval`
} as const;

// Largest training dataset on 2024-01-01: 3e12-13e12 tokens (90%), the level Epoch's code sets for
// its historical projection.
export const DEMAND_2024 = {
  p5: DEMAND_LEVEL_2024.lo,
  p95: DEMAND_LEVEL_2024.hi,
  source: `${VILLALOBOS_2024}: largest dataset in 2024, 3e12-13e12 tokens (90%)`
} as const;

// Growth of the largest dataset: 0.38 orders of magnitude a year, 95% CI 0.27-0.48
// (Villalobos et al. 2024). On the log scale the 95% half-width (0.48-0.27)/2 = 0.105 is scaled by
// 1.645/1.96 to a 90% half-width of 0.0881 around 0.38, giving factors 10^0.2919 = 1.958 and
// 10^0.4681 = 2.938 a year (median 10^0.38 = 2.399).
const DEMAND_GROWTH_OOM = 0.38;
const DEMAND_GROWTH_HALF_WIDTH_90 = (((0.48 - 0.27) / 2) * Z95) / Z975;
export const DEMAND_GROWTH = {
  p5: 10 ** (DEMAND_GROWTH_OOM - DEMAND_GROWTH_HALF_WIDTH_90),
  p95: 10 ** (DEMAND_GROWTH_OOM + DEMAND_GROWTH_HALF_WIDTH_90),
  source:
    `${VILLALOBOS_2024}: 0.38 orders of magnitude a year, 95% CI 0.27-0.48; ` +
    `converted to a 90% interval by scaling the log half-width by 1.645/1.96`
} as const;

// Compute-optimal training (about 20 tokens per parameter, Hoffmann et al. 2022) is the paper's
// base case; overtraining by k multiplies the dataset by sqrt(k) at the same compute.
export const OVERTRAINING = {
  value: 1,
  source: `${VILLALOBOS_2024}: base case is compute-optimal training (${HOFFMANN_2022}); k x overtraining needs sqrt(k) x the data at equal compute`
} as const;

// The paper's own results, shown beside ours for comparison: median full use of the stock in 2028,
// 80% interval 2026-2032, about a year earlier if models are overtrained 5x.
export const PUBLISHED_RESULT = {
  medianYear: 2028,
  p10Year: 2026,
  p90Year: 2032,
  overtraining5xShiftYears: -1,
  source: `${VILLALOBOS_2024}: median 2028, 80% interval 2026-2032, ~1 year earlier with 5x overtraining`
} as const;

/**
 * The published inputs with levels at `asOf`. The 2024 levels are carried along their growth
 * rates: ln S(asOf) = ln S(2024) + dt ln g is normal with the variances added, so its 90% interval
 * is exact. (The model then redraws S and g independently, dropping their correlation; for a few
 * years' shift this moves the forecast by a small fraction of a year.)
 */
export function publishedInputs(asOf: number = PUBLISHED_AS_OF): ForecastInputs {
  const stock = shifted(STOCK_2024, STOCK_GROWTH, asOf - PUBLISHED_AS_OF);
  const demand = shifted(DEMAND_2024, DEMAND_GROWTH, asOf - PUBLISHED_AS_OF);
  return {
    asOf,
    stockP5: stock.p5,
    stockP95: stock.p95,
    stockGrowthP5: STOCK_GROWTH.p5,
    stockGrowthP95: STOCK_GROWTH.p95,
    demandP5: demand.p5,
    demandP95: demand.p95,
    demandGrowthP5: DEMAND_GROWTH.p5,
    demandGrowthP95: DEMAND_GROWTH.p95,
    overtraining: OVERTRAINING.value
  };
}

/** Each published input with its median, 90% interval, unit and source, for the response. */
export function publishedAssumptions(asOf: number = PUBLISHED_AS_OF): Record<string, Assumption> {
  const inputs = publishedInputs(asOf);
  const moved = asOf === PUBLISHED_AS_OF ? '' : ` (carried from 2024 to ${asOf} along its growth)`;
  return {
    stock: assumption(inputs.stockP5, inputs.stockP95, 'tokens', STOCK_2024.source + moved),
    stock_growth: assumption(inputs.stockGrowthP5, inputs.stockGrowthP95, 'factor per year', STOCK_GROWTH.source),
    demand: assumption(inputs.demandP5, inputs.demandP95, 'tokens', DEMAND_2024.source + moved),
    demand_growth: assumption(inputs.demandGrowthP5, inputs.demandGrowthP95, 'factor per year', DEMAND_GROWTH.source),
    overtraining: {
      value: OVERTRAINING.value,
      unit: 'x compute-optimal tokens per parameter',
      source: OVERTRAINING.source
    }
  };
}

function assumption(p5: number, p95: number, unit: string, source: string): Assumption {
  return { value: lognormalBand(lognormalFromP5P95(p5, p95)).p50, p5, p95, unit, source };
}

function shifted(level: { p5: number; p95: number }, growth: { p5: number; p95: number }, years: number): { p5: number; p95: number } {
  if (years === 0) return { p5: level.p5, p95: level.p95 };
  const band = lognormalBand(
    lognormalProductPower(lognormalFromP5P95(level.p5, level.p95), lognormalFromP5P95(growth.p5, growth.p95), years)
  );
  return { p5: band.p5, p95: band.p95 };
}

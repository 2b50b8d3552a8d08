// A simple-model (model=simple) forecast request made concrete: the parsed query laid over the live defaults, the run, and
// the list of assumptions saying for every input where its value came from (a query parameter
// or the default's own source). Shared by GET /api/forecast and the forecast panel.
import {
  FORECAST_DEFAULTS,
  mergeForecastQuery,
  type Assumption,
  type ForecastInputs,
  type ForecastQuery,
  type ForecastResponse
} from '../../src/lib/contract/forecast';
import { dayOfMs, type IsoDay } from '../../src/lib/contract/days';
import { lognormalBand, lognormalFromP5P95 } from './lognormal';
import type { LiveDefaults } from './live-defaults';
import { memoRunForecast } from './memo';
import { forecastOrigin } from '../../src/lib/shared/origin';
import { paperResult, runEpochRequest } from './epoch-request';

export type ForecastOutcome = { ok: true; response: ForecastResponse } | { ok: false; param: string; message: string };

/**
 * The as_of a request without one gets: the start of the current UTC day. A whole day keeps the
 * default forecast (and its cache) the same for a day and lets anyone reproduce it with as_of.
 */
export function defaultAsOf(nowMs: number): IsoDay {
  return dayOfMs(nowMs);
}

/** GET /api/forecast for either model: Epoch's (the default) or the simple one. */
export function runForecastRequest(defaults: LiveDefaults, query: ForecastQuery): ForecastOutcome {
  const outcome = (query.model ?? 'epoch') === 'simple' ? runSimpleRequest(defaults, query) : runEpochRequest(defaults, query);
  // Stored runs the defaults could not use are named in the answer, so a forecast never hides
  // that its inputs were incomplete.
  if (outcome.ok && defaults.leftOut) outcome.response = { ...outcome.response, left_out: [defaults.leftOut] };
  return outcome;
}

/** The pairs of query parameters behind each lognormal assumption. */
const PAIRS = {
  stock: ['stock_p5', 'stock_p95', 'stockP5', 'stockP95', 'tokens'],
  stock_growth: ['stock_growth_p5', 'stock_growth_p95', 'stockGrowthP5', 'stockGrowthP95', 'factor per year'],
  demand: ['demand_p5', 'demand_p95', 'demandP5', 'demandP95', 'tokens'],
  demand_growth: ['demand_growth_p5', 'demand_growth_p95', 'demandGrowthP5', 'demandGrowthP95', 'factor per year']
} as const satisfies Record<
  string,
  readonly [keyof ForecastQuery, keyof ForecastQuery, keyof ForecastInputs, keyof ForecastInputs, string]
>;

function runSimpleRequest(defaults: LiveDefaults, query: ForecastQuery): ForecastOutcome {
  const merged = mergeForecastQuery(defaults.inputs, query);
  if (!merged.ok) return merged;
  const assumptions = assumptionsFor(defaults, merged.inputs, query);
  const result = memoRunForecast(merged.inputs, { draws: merged.draws, seed: merged.seed, horizonYears: FORECAST_DEFAULTS.horizonYears });
  const response: ForecastResponse = {
    model: 'simple',
    as_of: result.as_of,
    as_of_date: defaults.asOfDay,
    exhaustion: result.exhaustion,
    probability_by_year: result.probability_by_year,
    stock: result.stock,
    demand: result.demand,
    assumptions,
    origin: forecastOrigin(assumptions),
    histogram: result.histogram,
    band_credibility: result.band_credibility,
    paper: paperResult(),
    draws: result.draws,
    seed: result.seed,
    outcomes: result.outcomes
  };
  return { ok: true, response };
}

/** The defaults' assumptions, with every input the query set replaced and attributed to it. */
function assumptionsFor(defaults: LiveDefaults, inputs: ForecastInputs, query: ForecastQuery): Record<string, Assumption> {
  const out: Record<string, Assumption> = { ...defaults.assumptions };
  for (const [name, [lo, hi, loKey, hiKey, unit]] of Object.entries(PAIRS)) {
    const sentLo = query[lo] !== undefined;
    const sentHi = query[hi] !== undefined;
    if (!sentLo && !sentHi) continue;
    const p5 = inputs[loKey];
    const p95 = inputs[hiKey];
    const parts = [sentLo ? `${lo}=${p5}` : '', sentHi ? `${hi}=${p95}` : ''].filter((s) => s !== '');
    const rest = sentLo && sentHi ? '' : `; ${sentLo ? hi : lo} from the default: ${defaults.assumptions[name]?.source ?? 'default'}`;
    // Half set by the query keeps the default's origin for the other half.
    const origin = sentLo && sentHi ? undefined : defaults.assumptions[name]?.origin;
    out[name] = {
      value: lognormalBand(lognormalFromP5P95(p5, p95)).p50,
      p5,
      p95,
      unit,
      source: `query: ${parts.join(', ')}${rest}`,
      ...(origin ? { origin } : {})
    };
  }
  if (query.overtraining !== undefined) {
    out.overtraining = {
      value: inputs.overtraining,
      unit: 'x compute-optimal tokens per parameter',
      source: `query: overtraining=${inputs.overtraining}`
    };
  }
  const share = out.ai_share;
  if (share && query.stock_growth_p5 !== undefined && query.stock_growth_p95 !== undefined) {
    out.ai_share = { ...share, applied: false, source: `${share.source} (not used: the query set the stock growth)` };
  }
  return out;
}

// Live defaults for the forecast: the inputs measured from the project's own tables instead of
// copied from the paper, each with its value, 90% interval, unit and source. Pure: the readings
// come in (live-sql.ts reads them), the defaults go out; live-cache.ts decides when to recompute.
//
// - Demand (largest training dataset) and its growth: a bootstrap regression of log10(tokens) on
//   the publication date over the frontier of training_runs (top 10 at release, 2010 on).
// - Stock growth: the published growth of the stock, discounted by the measured AI share of newly
//   crawled tokens, because AI-written text adds nothing to the stock of human text.
// - Stock level: the published 2024 estimate, carried to as_of along that discounted growth.
// - Overtraining: the paper's base case, 1 (compute-optimal).
import { addDays, dayOfMs, dayToDecimalYear, toDecimalYear, type IsoDay } from '../../src/lib/contract/days';
import type { LeftOutRows } from '../../src/lib/contract/bounds';
import type { Assumption, ForecastInputs } from '../../src/lib/contract/forecast';
import type { Origin } from '../../src/lib/contract/origin';
import { combineOrigins, spanMeets } from '../../src/lib/shared/origin';
import { lognormalBand, lognormalFromP5P95, lognormalProductPower, type Lognormal } from './lognormal';
import type { CrawlProvenance, TrainingRunRow } from './live-sql';
import { DEMAND_2024, DEMAND_GROWTH, OVERTRAINING, PUBLISHED_AS_OF, STOCK_2024, STOCK_GROWTH } from './published';
import { bootstrapTrend, frontierPoints, type TrendResult } from './regression';
import { liveDemand, type LiveDemand } from './epoch-live';

/** Fixed choices of the live estimate, shown in the sources so a number can be reproduced. */
export const LIVE_SETTINGS = {
  /** Runs before this year are left out: the scaling era the paper's trend describes starts ~2010. */
  fitFromYear: 2010,
  resamples: 1000,
  /** Fixed so the defaults, and hence the default forecast, are the same on every server. */
  seed: 1,
  /** Length of the window the AI share of new crawled tokens is measured over. */
  crawlWindowDays: 365
} as const;

export interface LiveReadings {
  /** Training runs published from LIVE_SETTINGS.fitFromYear up to the cutoff. */
  runs: readonly TrainingRunRow[];
  crawl: CrawlProvenance;
  /** Stored runs left out as unusable; named in every answer built on these defaults. */
  leftOut?: LeftOutRows | null;
}

/** AI share of new crawled tokens whose provenance is known, with the `mixed` class bounding it. */
export interface AiShare {
  /** Mixed documents counted as human. */
  low: number;
  /** Mixed documents counted as half AI. */
  mid: number;
  /** Mixed documents counted as AI. */
  high: number;
  /** Tokens counted, unknown provenance included. */
  tokens: number;
  /** simulated when the simulator's crawl rows lie in the window, else measured (from ingested rows). */
  origin: Origin;
}

const DAY_MS = 86_400_000;

/** Whether the simulator's crawl rows lie in the window's days (both ends included). */
function simulatedWindow(c: CrawlProvenance): boolean {
  return spanMeets(c.simulated, Date.parse(`${c.from}T00:00:00Z`), Date.parse(`${c.to}T00:00:00Z`) + DAY_MS - 1, 0);
}

/** A run of the frontier the demand trend was fitted to. */
export interface FrontierRun {
  model: string;
  year: number;
  tokens: number;
}

export interface LiveDefaults {
  /** The day the defaults are for. */
  asOfDay: IsoDay;
  /** The same day as a decimal year, for the model's arithmetic. */
  asOf: number;
  inputs: ForecastInputs;
  /** stock, stock_growth, demand, demand_growth, overtraining and, when measured, ai_share. */
  assumptions: Record<string, Assumption>;
  /** The demand trend; null when training_runs had too few runs and the published inputs stand in. */
  trend: TrendResult | null;
  frontier: FrontierRun[];
  /** Runs read from training_runs (before the frontier filter). */
  runs: number;
  aiShare: AiShare | null;
  crawlWindow: { from: string; to: string };
  /** The Epoch model's live historical projection (bootstrap pairs); null with too few runs. */
  epochDemand: LiveDemand | null;
  /** Stored runs the read left out as unusable, or null. */
  leftOut: LeftOutRows | null;
}

/** Last day whose data the defaults for `asOfDay` may use: as_of itself, or today for a future as_of. */
export function cutoffDay(asOfDay: IsoDay, nowMs: number): IsoDay {
  const today = dayOfMs(nowMs);
  // ISO days compare as strings in calendar order.
  return asOfDay < today ? asOfDay : today;
}

/** The crawl window ending on the cutoff day: the last 365 days, both ends included. */
export function crawlWindow(cutoff: IsoDay): { from: IsoDay; to: IsoDay } {
  return { from: addDays(cutoff, -(LIVE_SETTINGS.crawlWindowDays - 1)), to: cutoff };
}

export function aiShareOf(c: CrawlProvenance): AiShare | null {
  const known = c.human + c.ai + c.mixed;
  if (!(known > 0)) return null;
  // `unknown` is left out of the denominator: it is assumed to split like the classified tokens.
  return {
    low: c.ai / known,
    mid: (c.ai + c.mixed / 2) / known,
    high: (c.ai + c.mixed) / known,
    tokens: known + c.unknown,
    origin: simulatedWindow(c) ? 'simulated' : 'measured'
  };
}

/**
 * Yearly growth factor of the HUMAN stock. The stock S grows by (g - 1) S a year of new text; a
 * share `a` of new text is AI-written and adds nothing to the stock of human text, so only
 * (1 - a)(g - 1) S is added: g_human = 1 + (g - 1)(1 - a). With a = 0 it is the published g, with
 * a = 1 the stock stands still. A factor at or below 1 (no new text) is left as it is.
 */
export function humanGrowth(g: number, aiShare: number): number {
  if (g <= 1) return g;
  return 1 + (g - 1) * (1 - aiShare);
}

export function computeLiveDefaults(readings: LiveReadings, asOfDay: IsoDay): LiveDefaults {
  const asOf = dayToDecimalYear(asOfDay);
  const share = aiShareOf(readings.crawl);
  const window = { from: readings.crawl.from, to: readings.crawl.to };

  // Stock growth: the wide end of the published interval meets the low end of the AI share and
  // vice versa, so the interval carries both uncertainties (p5 <= p95 always holds).
  const growthP5 = share ? humanGrowth(STOCK_GROWTH.p5, share.high) : STOCK_GROWTH.p5;
  const growthP95 = share ? humanGrowth(STOCK_GROWTH.p95, share.low) : STOCK_GROWTH.p95;
  const growth = lognormalFromP5P95(growthP5, growthP95);
  const stock = carry(STOCK_2024, growth, asOf - PUBLISHED_AS_OF);

  const points = readings.runs.map((r) => ({ model: r.model, year: toDecimalYear(new Date(r.published)), tokens: r.training_tokens }));
  // frontierPoints returns the objects it was given, so the model names ride along.
  const frontier = frontierPoints(points) as FrontierRun[];
  let trend: TrendResult | null = null;
  // Why no trend could be fitted, for the fallback's source: too few runs, or a fit whose numbers
  // at as_of are beyond what a double holds.
  let noTrend = '';
  try {
    trend = bootstrapTrend(frontier, { resamples: LIVE_SETTINGS.resamples, seed: LIVE_SETTINGS.seed, asOf });
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    noTrend = e.message;
  }
  const demand = trend
    ? { p5: trend.level.p5, p95: trend.level.p95 }
    : carry(DEMAND_2024, lognormalFromP5P95(DEMAND_GROWTH.p5, DEMAND_GROWTH.p95), asOf - PUBLISHED_AS_OF);
  const demandGrowth = trend ? { p5: trend.growth.p5, p95: trend.growth.p95 } : { p5: DEMAND_GROWTH.p5, p95: DEMAND_GROWTH.p95 };

  const inputs: ForecastInputs = {
    asOf,
    stockP5: stock.p5,
    stockP95: stock.p95,
    stockGrowthP5: growthP5,
    stockGrowthP95: growthP95,
    demandP5: demand.p5,
    demandP95: demand.p95,
    demandGrowthP5: demandGrowth.p5,
    demandGrowthP95: demandGrowth.p95,
    overtraining: OVERTRAINING.value
  };

  const carried = asOf === PUBLISHED_AS_OF ? '' : `; carried from 2024 to ${fmtYear(asOf)} along the human stock growth below`;
  // The growth is discounted by the share, so it has the share's origin; the stock carried along
  // it too, unless it stands at the published date as printed.
  const growthOrigin: Origin = share ? combineOrigins(['published', share.origin]) : 'published';
  const demandOrigin: Origin = trend ? 'measured' : 'published';
  const assumptions: Record<string, Assumption> = {
    stock: { ...band(stock.p5, stock.p95, 'tokens', `${STOCK_2024.source}${carried}`), origin: carried ? growthOrigin : 'published' },
    stock_growth: { ...band(growthP5, growthP95, 'factor per year', stockGrowthSource(share, window)), origin: growthOrigin },
    demand: band(
      demand.p5,
      demand.p95,
      'tokens',
      trend ? demandSource(trend, readings.runs, asOf, 'level') : demandFallback(readings.runs.length, asOf, noTrend),
      demandOrigin
    ),
    demand_growth: band(
      demandGrowth.p5,
      demandGrowth.p95,
      'factor per year',
      trend ? demandSource(trend, readings.runs, asOf, 'growth') : demandFallback(readings.runs.length, asOf, noTrend),
      demandOrigin
    ),
    overtraining: { value: OVERTRAINING.value, unit: 'x compute-optimal tokens per parameter', source: OVERTRAINING.source }
  };
  if (share) {
    assumptions.ai_share = {
      value: share.mid,
      p5: share.low,
      p95: share.high,
      unit: 'share of new crawled tokens',
      origin: share.origin,
      source:
        `${crawlShareOrigin(share)}, ${window.from} to ${window.to}, ` +
        `${fmtCount(share.tokens)} tokens; value counts mixed documents as half AI, p5 as human, p95 as AI; ` +
        `unknown provenance left out of the denominator`
    };
  }
  return {
    asOfDay,
    asOf,
    inputs,
    assumptions,
    trend,
    frontier,
    runs: readings.runs.length,
    aiShare: share,
    crawlWindow: window,
    epochDemand: liveDemand(readings.runs),
    leftOut: readings.leftOut ?? null
  };
}

/** ln X(asOf) = ln X(2024) + dt ln g: normal, with the variances added (dt may be negative). */
function carry(level: { p5: number; p95: number }, growth: Lognormal, years: number): { p5: number; p95: number } {
  // At the published date the published numbers stand as printed, not through a round trip.
  if (years === 0) return { p5: level.p5, p95: level.p95 };
  const b = lognormalBand(lognormalProductPower(lognormalFromP5P95(level.p5, level.p95), growth, years));
  return { p5: b.p5, p95: b.p95 };
}

function band(p5: number, p95: number, unit: string, source: string, origin?: Origin): Assumption {
  return { value: lognormalBand(lognormalFromP5P95(p5, p95)).p50, p5, p95, unit, source, ...(origin ? { origin } : {}) };
}

/**
 * Where the AI share was read from, said plainly: a share over the simulator's rows is the
 * simulator's calibration target played back, not a measurement.
 */
export function crawlShareOrigin(share: Pick<AiShare, 'origin'>): string {
  return share.origin === 'simulated'
    ? 'SIMULATED: read from crawl_daily over rows the built-in simulator wrote (calibrated to Graphite 2025, ' +
        'a detector study of English articles), so it is the calibration played back, not a measurement'
    : 'measured from crawl_daily (provenance of newly crawled tokens, rows sent by producers)';
}

function stockGrowthSource(share: AiShare | null, window: { from: string; to: string }): string {
  const published = `published growth x${STOCK_GROWTH.p5.toFixed(2)}-x${STOCK_GROWTH.p95.toFixed(2)} a year (${STOCK_GROWTH.source})`;
  if (!share) return `${published}; not discounted: no crawled tokens with known provenance from ${window.from} to ${window.to}`;
  return (
    `${published}, discounted by the ${share.origin === 'simulated' ? 'SIMULATED' : 'measured'} AI share of new crawled tokens (${pct(share.low)}-${pct(share.high)}, ` +
    `${window.from} to ${window.to}) because AI-written text adds nothing to the human stock: ` +
    `g_human = 1 + (g - 1)(1 - a); p5 pairs the published p5 with the high AI share, p95 the published p95 with the low one`
  );
}

function demandSource(trend: TrendResult, runs: readonly TrainingRunRow[], asOf: number, what: 'level' | 'growth'): string {
  const bySource = new Map<string, number>();
  for (const r of runs) bySource.set(r.source, (bySource.get(r.source) ?? 0) + 1);
  const sources = [...bySource]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([s, n]) => `${s} (${n})`)
    .join('; ');
  const head =
    `measured from training_runs, ${trend.n} frontier runs (top 10 at release) of ${runs.length} runs ` +
    `${Math.floor(trend.from)}-${Math.floor(trend.to)}, bootstrap ${LIVE_SETTINGS.resamples} resamples ` +
    `(seed ${LIVE_SETTINGS.seed}) of log10(training_tokens) on date`;
  const tail =
    what === 'level'
      ? `; trend line at ${fmtYear(asOf)} (bootstrap median ${fmtCount(trend.level.p50)} tokens)`
      : `; 10^slope (median ${Math.log10(trend.growth.p50).toFixed(3)} orders of magnitude a year)`;
  return `${head}${tail}; rows from ${sources}`;
}

function demandFallback(runs: number, asOf: number, why: string): string {
  const reason = /beyond what a number can hold/.test(why)
    ? `whose trend cannot be used (${why})`
    : `too few for a trend (3 over 2 dates needed)`;
  return (
    `as of ${fmtYear(asOf)}: training_runs has ${runs} runs from ${LIVE_SETTINGS.fitFromYear} to the cutoff, ${reason}, ` +
    `so the published inputs stand in, carried to ${fmtYear(asOf)} along the published growth: ` +
    `${DEMAND_2024.source}; ${DEMAND_GROWTH.source}`
  );
}

function pct(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}

function fmtYear(y: number): string {
  return Number.isInteger(y) ? String(y) : y.toFixed(3);
}

function fmtCount(x: number): string {
  return x.toExponential(2);
}

// Freelance-market history generated inside ClickHouse. Candidate postings are spread uniformly
// over a chunk and each is kept with probability postingsFactor(category, t) x weekday factor /
// max weekday factor (thinning), so weekly counts per category follow curves.ts exactly in
// expectation without any per-week bookkeeping in Node.
import type { Engine } from '../engine/engine';
import { MARKET_CATEGORIES } from '../../src/lib/contract/streams';
import type { Chunk } from './chunks';
import { BUDGET_YS, MENTIONS_AI_CURVE, POSTINGS_YS, RAMP_XS } from './curves';
import {
  BASELINE_POSTINGS_PER_WEEK,
  BIDS_MEAN,
  BUDGET_MEDIAN_USD,
  BUDGET_SIGMA,
  CATEGORY_WEIGHTS,
  MENTIONS_AI_MULTIPLIER,
  NO_BUDGET_SHARE,
  PLATFORMS,
  REGION_WEIGHTS,
  STATUS_RECENT,
  STATUS_RECENT_DAYS,
  STATUS_SETTLED,
  WEEKDAY_FACTORS,
  cumulative
} from './dimensions';
import { hash64, normal, pick, pwl, uniform } from './sql';

const WEEK_MS = 7 * 86_400_000;

// Salts from 101 up: the crawl backfill uses 1-20 with the same seed and chunk numbers, and the
// two tables' draws must not be the same numbers.
const S = {
  time: 101,
  category: 102,
  keep: 103,
  platform: 104,
  postingId: 105,
  region: 106,
  hourly: 107,
  noBudget: 108,
  budgetA: 109,
  budgetB: 110,
  bids: 111,
  mentionsAi: 112,
  status: 113
} as const;

const MARKET_SQL = `
INSERT INTO market_postings (ts, posting_id, platform, category, region, budget_usd, hourly, bids, mentions_ai, status, origin)
SELECT ts, posting_id, platform, category, region, budget_usd, hourly, bids, mentions_ai, status, 'simulator'
FROM (
  SELECT
    {from_ms:Float64} + {span_ms:Float64} * ${uniform(S.time)} AS t_ms,
    fromUnixTimestamp64Milli(toInt64(t_ms), 'UTC') AS ts,
    ${pick(uniform(S.category), '{cat_cum:Array(Float64)}')} AS cat_idx,
    {cats:Array(String)}[cat_idx] AS category,
    -- toDayOfWeek: Monday = 1, the order of the weekday factors.
    ${pwl('t_ms', '{ramp_x:Array(Float64)}', '{postings_y:Array(Array(Float64))}[cat_idx]')}
      * {weekday:Array(Float64)}[toDayOfWeek(ts)] / {weekday_max:Float64} AS keep_p,
    ${uniform(S.keep)} < keep_p AS kept,
    ${pick(uniform(S.platform), '{platform_cum:Array(Float64)}')} AS p_idx,
    {platforms:Array(String)}[p_idx] AS platform,
    concat({platform_prefix:Array(String)}[p_idx], '-', lower(hex(${hash64(S.postingId)}))) AS posting_id,
    {regions:Array(String)}[${pick(uniform(S.region), '{region_cum:Array(Float64)}')}] AS region,
    ${uniform(S.hourly)} < {platform_hourly:Array(Float64)}[p_idx] AS hourly,
    if(${uniform(S.noBudget)} < {no_budget:Float64}, NULL,
       round(if(hourly, {budget_hourly:Array(Float64)}[cat_idx], {budget_fixed:Array(Float64)}[cat_idx])
             * exp({budget_sigma:Float64} * ${normal(S.budgetA, S.budgetB)})
             * ${pwl('t_ms', '{ramp_x:Array(Float64)}', '{budget_y:Array(Array(Float64))}[cat_idx]')}, 2)) AS budget_usd,
    toUInt32(floor(-log(${uniform(S.bids)}) * {bids_mean:Float64})) AS bids,
    ${uniform(S.mentionsAi)} < least(1, ${pwl('t_ms', '{ai_x:Array(Float64)}', '{ai_y:Array(Float64)}')} * {ai_mult:Array(Float64)}[cat_idx])
      AS mentions_ai,
    -- Postings of the last two weeks before the end of the history are mostly still open.
    if(t_ms >= {recent_from_ms:Float64},
       {status_recent:Array(String)}[${pick(uniform(S.status), '{status_recent_cum:Array(Float64)}')}],
       {status_settled:Array(String)}[${pick(uniform(S.status), '{status_settled_cum:Array(Float64)}')}]) AS status
  FROM numbers({n:UInt64})
)
WHERE kept`;

function staticParams(seed: number, endMs: number): Record<string, unknown> {
  const weights = new Map(CATEGORY_WEIGHTS);
  return {
    seed,
    cats: [...MARKET_CATEGORIES],
    cat_cum: cumulative(MARKET_CATEGORIES.map((c) => weights.get(c) ?? 0)),
    ramp_x: RAMP_XS,
    postings_y: POSTINGS_YS,
    budget_y: BUDGET_YS,
    weekday: WEEKDAY_FACTORS,
    weekday_max: Math.max(...WEEKDAY_FACTORS),
    platforms: PLATFORMS.map((p) => p.name),
    platform_prefix: PLATFORMS.map((p) => p.prefix),
    platform_hourly: PLATFORMS.map((p) => p.hourlyShare),
    platform_cum: cumulative(PLATFORMS.map((p) => p.weight)),
    regions: REGION_WEIGHTS.map(([r]) => r),
    region_cum: cumulative(REGION_WEIGHTS.map(([, w]) => w)),
    no_budget: NO_BUDGET_SHARE,
    budget_fixed: MARKET_CATEGORIES.map((c) => BUDGET_MEDIAN_USD[c].fixed),
    budget_hourly: MARKET_CATEGORIES.map((c) => BUDGET_MEDIAN_USD[c].hourly),
    budget_sigma: BUDGET_SIGMA,
    bids_mean: BIDS_MEAN,
    ai_x: MENTIONS_AI_CURVE.xs,
    ai_y: MENTIONS_AI_CURVE.ys,
    ai_mult: MARKET_CATEGORIES.map((c) => MENTIONS_AI_MULTIPLIER[c]),
    recent_from_ms: endMs - STATUS_RECENT_DAYS * 86_400_000,
    status_recent: STATUS_RECENT.map(([s]) => s),
    status_recent_cum: cumulative(STATUS_RECENT.map(([, w]) => w)),
    status_settled: STATUS_SETTLED.map(([s]) => s),
    status_settled_cum: cumulative(STATUS_SETTLED.map(([, w]) => w))
  };
}

/** Inserts the postings of each chunk; returns the number of candidates drawn (not kept). */
export async function backfillMarket(engine: Engine, chunks: readonly Chunk[], seed: number, endMs: number): Promise<number> {
  const fixed = staticParams(seed, endMs);
  const weekdayMax = Math.max(...WEEKDAY_FACTORS);
  let candidates = 0;
  for (const chunk of chunks) {
    const span = chunk.toMs - chunk.fromMs;
    // Enough candidates that a category at factor 1 on the busiest weekday keeps them all.
    const n = Math.ceil((span / WEEK_MS) * BASELINE_POSTINGS_PER_WEEK * weekdayMax);
    if (n <= 0) continue;
    await engine.command(MARKET_SQL, {
      tag: `simulate.backfill.market.${chunk.index}`,
      params: { ...fixed, chunk: chunk.index, from_ms: chunk.fromMs, span_ms: span, n },
      timeoutS: 300
    });
    candidates += n;
  }
  return candidates;
}

// A model=epoch request made concrete: the setup for the chosen inputs (published or live, with
// or without the AI-share scenario), the run for the chosen branch and overtraining, the
// assumptions with their sources, and on request the tornado of the median year.
import type { Assumption, ForecastQuery, ForecastResponse, PaperResult, SensitivityBar } from '../../src/lib/contract/forecast';
import { FORECAST_DEFAULTS } from '../../src/lib/contract/forecast';
import type { LiveDefaults } from './live-defaults';
import { loadDefaultProjection, type ComputeProjection } from './epoch-compute-projection';
import {
  CHINCHILLA_SOURCE,
  DEMAND_LEVEL_2024,
  HOFFMANN_2022,
  PAPER_STATES,
  STOCK_FACTORS,
  VILLALOBOS_2024,
  type StockFactor
} from './epoch-inputs';
import { runEpoch, type Branch, type EpochRun, type EpochSetup, type Normal } from './epoch-model';
import { publishedSetup } from './epoch-setup';
import { publishedTrends } from './epoch-trend';
import { crawlShareOrigin } from './live-defaults';
import { forecastOrigin } from '../../src/lib/shared/origin';

export function paperResult(): PaperResult {
  const p = PAPER_STATES;
  return {
    median_year: p.exhaustion.median,
    p10_year: p.exhaustion.p10,
    p90_year: p.exhaustion.p90,
    overtraining_5x_shift_years: p.overtraining5xShiftYears,
    source: p.source
  };
}

let projection: ComputeProjection | null = null;
/** The compute projection in use: the shipped table unless a file in Epoch's format replaced it. */
export function currentProjection(): ComputeProjection {
  return (projection ??= loadDefaultProjection());
}
/** Replaces the projection (an imported Epoch-format file), or restores the table with null. */
export function setProjection(p: ComputeProjection | null): void {
  projection = p;
  version++;
  memo.clear();
}
let version = 0;
/** Grows with every setProjection: tells a worker thread whether its copy is still current. */
export function projectionVersion(): number {
  return version;
}

type EpochOutcome = { ok: true; response: ForecastResponse } | { ok: false; param: string; message: string };

interface Resolved {
  setup: EpochSetup;
  assumptions: Record<string, Assumption>;
  /** Key of the setup for the memo: published, or the live defaults' identity plus the scenario. */
  key: string;
}

const LN10 = Math.LN10;
const SENSITIVITY_DRAWS = 20_000;
const MEMO_MAX = 32;
const memo = new Map<string, EpochRun>();
const liveIds = new WeakMap<LiveDefaults, number>();
let nextLiveId = 1;

export function runEpochRequest(defaults: LiveDefaults, query: ForecastQuery): EpochOutcome {
  const branch: Branch = query.branch ?? 'pooled';
  const inputs = query.inputs ?? 'published';
  const aiShare = query.ai_share ?? 'off';
  const overtraining = query.overtraining ?? 1;
  const draws = query.draws ?? FORECAST_DEFAULTS.draws;
  const seed = query.seed ?? FORECAST_DEFAULTS.seed;
  const asOf = defaults.asOf;
  const fromYear = Math.min(2020, Math.floor(asOf));
  const toYear = Math.floor(asOf) + FORECAST_DEFAULTS.horizonYears;

  const resolved = inputs === 'published' ? resolvePublished() : resolveLive(defaults, aiShare === 'on');
  const opts = { branch, overtraining, draws, seed, asOf, fromYear, toYear };
  const run = memoRun(resolved, opts);
  const assumptions = { ...resolved.assumptions, overtraining: overtrainingAssumption(overtraining, query.overtraining !== undefined) };
  const response: ForecastResponse = {
    model: 'epoch',
    branch,
    inputs,
    ...(inputs === 'live' ? { ai_share: aiShare } : {}),
    as_of: asOf,
    as_of_date: defaults.asOfDay,
    exhaustion: run.exhaustion,
    probability_by_year: run.probability_by_year,
    stock: run.stock,
    demand: run.demand,
    histogram: run.histogram,
    band_credibility: 90,
    assumptions,
    origin: forecastOrigin(assumptions),
    draws,
    seed,
    outcomes: run.outcomes,
    paper: paperResult()
  };
  if (inputs === 'live' && aiShare === 'on') {
    response.without_ai_share = memoRun(resolveLive(defaults, false), opts).exhaustion;
  }
  if (query.sensitivity === 'on') response.sensitivity = sensitivity(resolved, { ...opts, draws: SENSITIVITY_DRAWS });
  return { ok: true, response };
}

type RunOpts = Parameters<typeof runEpoch>[1];

function memoRun(r: Resolved, opts: RunOpts): EpochRun {
  const key = JSON.stringify([r.key, opts]);
  const hit = memo.get(key);
  if (hit) {
    memo.delete(key);
    memo.set(key, hit);
    return hit;
  }
  const run = runEpoch(r.setup, opts);
  memo.set(key, run);
  if (memo.size > MEMO_MAX) {
    const oldest = memo.keys().next();
    if (!oldest.done) memo.delete(oldest.value);
  }
  return run;
}

function resolvePublished(): Resolved {
  const proj = currentProjection();
  const setup = publishedSetup(proj);
  return { setup, key: `published:${proj.source}`, assumptions: publishedAssumptionsEpoch(setup, proj) };
}

function resolveLive(d: LiveDefaults, withAiShare: boolean): Resolved {
  const base = resolvePublished();
  const setup: EpochSetup = { ...base.setup, stock: { ...base.setup.stock } };
  const assumptions = { ...base.assumptions };
  let id = liveIds.get(d);
  if (id === undefined) liveIds.set(d, (id = nextLiveId++));
  if (d.epochDemand) {
    setup.historical = d.epochDemand.demand;
    const levels = Float64Array.from(d.epochDemand.demand.levels).sort();
    const mid = levels[levels.length >> 1] as number;
    assumptions.demand = {
      value: Math.exp(mid),
      unit: 'tokens on 2024-01-01 (historical projection)',
      source: d.epochDemand.source,
      origin: 'measured'
    };
    assumptions.demand_growth = {
      value: 10 ** d.epochDemand.slope.p50,
      lo: 10 ** d.epochDemand.slope.p2_5,
      hi: 10 ** d.epochDemand.slope.p97_5,
      credibility: 95,
      unit: 'factor per year (historical projection)',
      source: d.epochDemand.source,
      origin: 'measured'
    };
  } else {
    const note = `; live: training_runs has ${d.runs} runs, too few for a trend, so the published projection stands in`;
    for (const k of ['demand', 'demand_growth']) {
      const a = assumptions[k];
      if (a) assumptions[k] = { ...a, source: a.source + note };
    }
  }
  const share = d.aiShare;
  if (share) {
    const applied = withAiShare ? share.mid : 0;
    setup.stock.aiShare = applied;
    assumptions.ai_share = {
      value: share.mid,
      lo: share.low,
      hi: share.high,
      credibility: 100,
      unit: 'share of new crawled tokens',
      origin: share.origin,
      applied: withAiShare,
      source:
        `${crawlShareOrigin(share)}, ${d.crawlWindow.from} to ${d.crawlWindow.to}: mixed documents counted as half AI ` +
        `(lo: as human, hi: as AI); unknown provenance left out. Scenario (this project's addition, not the paper's): ` +
        `AI-written text displaces human text rather than adding to it, so the stock grows by 1 + (g - 1)(1 - share). ` +
        (withAiShare ? `Applied (ai_share=on) at ${share.mid.toFixed(3)}.` : 'Not applied (ai_share=off).')
    };
  } else if (withAiShare) {
    assumptions.ai_share = {
      value: 0,
      unit: 'share of new crawled tokens',
      origin: 'measured',
      source: `ai_share=on, but crawl_daily has no tokens of known provenance from ${d.crawlWindow.from} to ${d.crawlWindow.to}: nothing to discount by`
    };
  }
  const key = `live:${id}:${withAiShare ? 'ai' : 'noai'}:${base.key}`;
  return { setup, key, assumptions };
}

function interval(value: number, lo: number, hi: number, credibility: number, unit: string, source: string): Assumption {
  return { value, lo, hi, credibility, unit, source };
}

function publishedAssumptionsEpoch(setup: EpochSetup, proj: ComputeProjection): Record<string, Assumption> {
  const f = STOCK_FACTORS;
  const tr = publishedTrends();
  const out: Record<string, Assumption> = {};
  const geo = (k: StockFactor) => Math.sqrt(f[k].lo * f[k].hi);
  out.stock_pages = interval(geo('pages'), f.pages.lo, f.pages.hi, 95, 'web pages', f.pages.source);
  out.stock_bytes_per_page = interval(geo('bytesPerPage'), f.bytesPerPage.lo, f.bytesPerPage.hi, 95, 'bytes', f.bytesPerPage.source);
  out.stock_bytes_per_token = interval(
    6 - geo('bytesPerTokenOffset'),
    6 - f.bytesPerTokenOffset.hi,
    6 - f.bytesPerTokenOffset.lo,
    95,
    'bytes',
    f.bytesPerTokenOffset.source
  );
  out.stock_growth_page_size = interval(geo('sizeGrowth'), f.sizeGrowth.lo, f.sizeGrowth.hi, 95, 'factor per year', f.sizeGrowth.source);
  out.stock_growth_page_count = interval(
    geo('countGrowth'),
    f.countGrowth.lo,
    f.countGrowth.hi,
    95,
    'factor per year',
    f.countGrowth.source
  );
  out.stock_quality = interval(geo('quality'), f.quality.lo, f.quality.hi, 95, 'share', f.quality.source);
  out.stock_repetition = interval(geo('repetition'), f.repetition.lo, f.repetition.hi, 95, 'epochs', f.repetition.source);
  const lvl = DEMAND_LEVEL_2024;
  out.demand = interval(
    Math.sqrt(lvl.lo * lvl.hi),
    lvl.lo,
    lvl.hi,
    90,
    'tokens on 2024-01-01 (historical projection)',
    lvl.source + '; drawn independently of its growth, as Epoch does'
  );
  const g = tr.demandGrowth;
  out.demand_growth = interval(10 ** g.mu, 10 ** g.lo, 10 ** g.hi, 95, 'factor per year (historical projection)', tr.source.demandGrowth);
  out.compute = {
    value: proj.kind === 'table' ? (proj.median[0] ?? NaN) : NaN,
    unit: `log10 FLOP of the largest run${proj.kind === 'table' ? ` in ${proj.years[0]} (median)` : ''}`,
    source: `${proj.source}; ${CHINCHILLA_SOURCE}`
  };
  const c = tr.computeGrowth;
  out.compute_growth_before_2024 = interval(10 ** c.mu, 10 ** c.lo, 10 ** c.hi, 90, 'factor per year', tr.source.computeGrowth);
  void setup;
  return out;
}

function overtrainingAssumption(k: number, fromQuery: boolean): Assumption {
  return {
    value: k,
    unit: 'x compute-optimal tokens per parameter',
    source: fromQuery
      ? `query: overtraining=${k}; the dataset grows by sqrt(k) at the same compute (${HOFFMANN_2022}; ${VILLALOBOS_2024}, footnote 23)`
      : `${VILLALOBOS_2024}: base case compute-optimal (${HOFFMANN_2022}); k x overtraining needs sqrt(k) x the data`
  };
}

interface Probe {
  input: string;
  label: string;
  low: number;
  high: number;
  credibility: number;
  applies: (b: Branch) => boolean;
  at: (s: EpochSetup, end: 'low' | 'high') => EpochSetup;
}

const fixed = (x: number): Normal => ({ mu: Math.log(x), sigma: 0 });

function stockProbe(key: StockFactor, label: string): Probe {
  const f = STOCK_FACTORS[key];
  // Bytes per token is 6 - X: its low end (2 bytes) is X's high end.
  const offset = key === 'bytesPerTokenOffset';
  return {
    input: `stock_${key}`,
    label,
    low: offset ? 6 - f.hi : f.lo,
    high: offset ? 6 - f.lo : f.hi,
    credibility: f.credibility,
    applies: () => true,
    at: (s, end) => ({
      ...s,
      stock: { ...s.stock, [key]: fixed(offset ? (end === 'low' ? f.hi : f.lo) : end === 'low' ? f.lo : f.hi) }
    })
  };
}

function probes(setup: EpochSetup): Probe[] {
  const list: Probe[] = [
    stockProbe('pages', 'Indexed web pages'),
    stockProbe('bytesPerPage', 'Bytes per page'),
    stockProbe('bytesPerTokenOffset', 'Bytes per token'),
    stockProbe('quality', 'Quality fraction'),
    stockProbe('repetition', 'Repetition (epochs)'),
    stockProbe('sizeGrowth', 'Page size growth'),
    stockProbe('countGrowth', 'Page count growth')
  ];
  const h = setup.historical;
  if (h.kind === 'independent') {
    const lvl = DEMAND_LEVEL_2024;
    const g = publishedTrends().demandGrowth;
    list.push(
      {
        input: 'demand',
        label: 'Largest dataset in 2024',
        low: lvl.lo,
        high: lvl.hi,
        credibility: 90,
        applies: (b) => b !== 'compute',
        at: (s, end) => ({ ...s, historical: { ...h, level: fixed(end === 'low' ? lvl.lo : lvl.hi) } })
      },
      {
        input: 'demand_growth',
        label: 'Dataset growth (OOM a year)',
        low: g.lo,
        high: g.hi,
        credibility: 95,
        applies: (b) => b !== 'compute',
        at: (s, end) => ({ ...s, historical: { ...h, growth: { mu: (end === 'low' ? g.lo : g.hi) * LN10, sigma: 0 } } })
      }
    );
  }
  const z = 1.959963984540054;
  list.push({
    input: 'compute',
    label: 'Compute projection (path quantile)',
    low: 0.025,
    high: 0.975,
    credibility: 95,
    applies: (b) => b !== 'historical',
    at: (s, end) => ({ ...s, compute: { ...s.compute, fixedZ: end === 'low' ? -z : z } })
  });
  return list;
}

/** The tornado: the median year with one input at each end of its interval, the rest as drawn. */
function sensitivity(r: Resolved, opts: RunOpts): SensitivityBar[] {
  const bars = probes(r.setup)
    .filter((p) => p.applies(opts.branch))
    .map((p): SensitivityBar => {
      // The same seed for every run: each bar moves the same draws, so its length is the input's
      // effect and not resampling noise.
      const lo = runEpoch(p.at(r.setup, 'low'), opts).exhaustion.median_year;
      const hi = runEpoch(p.at(r.setup, 'high'), opts).exhaustion.median_year;
      return {
        input: p.input,
        label: p.label,
        low: p.low,
        high: p.high,
        credibility: p.credibility,
        median_at_low: lo,
        median_at_high: hi
      };
    });
  const width = (b: SensitivityBar) => Math.abs((b.median_at_high ?? Infinity) - (b.median_at_low ?? Infinity)) || 0;
  return bars.sort((a, b) => width(b) - width(a));
}

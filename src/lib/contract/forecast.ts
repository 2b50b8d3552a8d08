// Contract for GET /api/forecast, shared by the server route and the browser. Only zod may be
// imported here: this file is bundled into the client.
import { z } from 'zod';
import type { LeftOutRows } from './bounds';
import { dayToDecimalYear, decimalYearToDay, isIsoDay, type IsoDay } from './days';
import type { Origin } from './origin';

/** Defaults the route applies when the query leaves them out. A fixed seed keeps the page stable. */
export const FORECAST_DEFAULTS = { draws: 100_000, seed: 1, horizonYears: 16 } as const;

// Query values arrive as strings. z.coerce.number() would turn "" into 0 and "0x10" into 16, so
// only plain decimal or scientific notation is converted; anything else stays a string and fails
// with "expected number, received string", which names the parameter.
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const toNumber = (v: unknown): unknown => (typeof v === 'string' && DECIMAL.test(v.trim()) ? Number(v.trim()) : v);
const numeric = <T extends z.ZodType<number>>(inner: T) => z.preprocess(toNumber, inner);

const positive = () => numeric(z.number().positive());

const AS_OF_MIN = 1990;
const AS_OF_MAX = 2100;
const DECIMAL_YEAR = /^\d{4}(\.\d+)?$/;
const ISO_DATE = /^(\d{4}-\d{2}-\d{2})(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;

// as_of becomes a day at once and stays one (see days.ts): a four-digit number is a decimal year
// and names the day it falls on; anything with dashes must be an ISO date, and a date-time names
// its UTC day. Date.parse accepts 2024-02-30 (rolling it into March), so a bare date is checked
// against the calendar.
const asOfSchema = z.union([z.string(), z.number()]).transform((raw, ctx): IsoDay => {
  const s = String(raw).trim();
  let day: IsoDay | undefined;
  if (typeof raw === 'number' || DECIMAL_YEAR.test(s)) {
    const year = Number(s);
    if (Number.isFinite(year) && year >= AS_OF_MIN && year <= AS_OF_MAX + 1) day = decimalYearToDay(year);
  } else {
    const m = ISO_DATE.exec(s);
    if (m?.[2] !== undefined) {
      const ms = Date.parse(s);
      if (Number.isFinite(ms)) day = new Date(ms).toISOString().slice(0, 10);
    } else if (m?.[1] !== undefined && isIsoDay(m[1])) {
      day = m[1];
    }
  }
  if (day === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: 'as_of must be an ISO date (2024-07-01) or a decimal year (2024.5)'
    });
    return z.NEVER;
  }
  const year = Number(day.slice(0, 4));
  if (year < AS_OF_MIN || year > AS_OF_MAX) {
    ctx.addIssue({
      code: 'custom',
      message: `as_of must lie between ${AS_OF_MIN} and ${AS_OF_MAX}`
    });
    return z.NEVER;
  }
  return day;
});

/** The 90%-interval pairs, checked for order both in the query and after merging with defaults. */
export const FORECAST_PAIRS = [
  ['stock_p5', 'stock_p95'],
  ['stock_growth_p5', 'stock_growth_p95'],
  ['demand_p5', 'demand_p95'],
  ['demand_growth_p5', 'demand_growth_p95']
] as const;

/** The forecast models: Epoch AI's published model (the default) and this project's simple one. */
export const FORECAST_MODELS = ['epoch', 'simple'] as const;
export type ForecastModel = (typeof FORECAST_MODELS)[number];
/** The demand projections of the Epoch model and their equal-weight mixture (the paper's headline). */
export const FORECAST_BRANCHES = ['pooled', 'historical', 'compute'] as const;
export type ForecastBranch = (typeof FORECAST_BRANCHES)[number];
/** published: exactly the paper's numbers; live: what this project measures in their place. */
export const FORECAST_INPUT_SETS = ['published', 'live'] as const;
export type ForecastInputSet = (typeof FORECAST_INPUT_SETS)[number];

/** Parameters that only the simple model takes (its lognormal inputs). */
export const SIMPLE_ONLY_PARAMS = FORECAST_PAIRS.flat();
/** Parameters that only the Epoch model takes. */
export const EPOCH_ONLY_PARAMS = ['branch', 'inputs', 'ai_share', 'sensitivity'] as const;

const onOff = () => z.enum(['on', 'off']);

export const forecastQuerySchema = z
  .strictObject({
    model: z.enum(FORECAST_MODELS).optional(),
    branch: z.enum(FORECAST_BRANCHES).optional(),
    inputs: z.enum(FORECAST_INPUT_SETS).optional(),
    /** Discount the stock's growth by the measured AI share of new text (live inputs only). */
    ai_share: onOff().optional(),
    /** Add the tornado: the median year with each input at either end of its interval. */
    sensitivity: onOff().optional(),
    as_of: asOfSchema.optional(),
    stock_p5: positive().optional(),
    stock_p95: positive().optional(),
    stock_growth_p5: positive().optional(),
    stock_growth_p95: positive().optional(),
    demand_p5: positive().optional(),
    demand_p95: positive().optional(),
    demand_growth_p5: positive().optional(),
    demand_growth_p95: positive().optional(),
    overtraining: numeric(z.number().min(1).max(100)).optional(),
    draws: numeric(z.number().int().min(100).max(1_000_000)).optional(),
    seed: numeric(z.number().int().min(0).max(0xffff_ffff)).optional()
  })
  .superRefine((q, ctx) => {
    const model = q.model ?? 'epoch';
    const foreign = model === 'epoch' ? SIMPLE_ONLY_PARAMS : EPOCH_ONLY_PARAMS;
    for (const param of foreign) {
      if (q[param] !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [param],
          message: `${param} applies only to model=${model === 'epoch' ? 'simple' : 'epoch'} (this request is model=${model})`
        });
      }
    }
    if (q.ai_share === 'on' && (q.inputs ?? 'published') === 'published') {
      ctx.addIssue({
        code: 'custom',
        path: ['ai_share'],
        message: "ai_share=on needs inputs=live: published inputs are exactly the paper's, which has no AI-share discount"
      });
    }
    for (const [lo, hi] of FORECAST_PAIRS) {
      const a = q[lo];
      const b = q[hi];
      if (a !== undefined && b !== undefined && a > b) {
        ctx.addIssue({
          code: 'custom',
          path: [lo],
          message: `${lo} (${a}) must not exceed ${hi} (${b})`
        });
      }
    }
  });

export type ForecastQuery = z.infer<typeof forecastQuerySchema>;

/**
 * Fully resolved model inputs. Each uncertain quantity is lognormal, given by its 5th and 95th
 * percentile; growth values are yearly factors (2.4 means x2.4 a year). Levels are at asOf.
 */
export interface ForecastInputs {
  /** Decimal year the levels refer to. */
  asOf: number;
  stockP5: number;
  stockP95: number;
  stockGrowthP5: number;
  stockGrowthP95: number;
  demandP5: number;
  demandP95: number;
  demandGrowthP5: number;
  demandGrowthP95: number;
  /** Tokens-per-parameter multiple over compute-optimal; demand scales by sqrt(overtraining). */
  overtraining: number;
}

export interface Assumption {
  /** Central value (the median for lognormal inputs). */
  value: number;
  p5?: number;
  p95?: number;
  /** A central interval other than 90% (the Epoch model's inputs): its ends and credibility in percent. */
  lo?: number;
  hi?: number;
  credibility?: number;
  unit: string;
  source: string;
  /** Where the value comes from (src/lib/shared/origin.ts); absent: published or set by the query. */
  origin?: Origin;
  /** False for a reading shown beside the forecast but not used in it (the AI share, scenario off). @default true */
  applied?: boolean;
}

export interface QuantileBand {
  year: number;
  p5: number;
  p50: number;
  p95: number;
}

/** The paper's published result, drawn beside the forecast. */
export interface PaperResult {
  median_year: number;
  p10_year: number;
  p90_year: number;
  overtraining_5x_shift_years: number;
  source: string;
}

/** One bar of the tornado: the median year with one input at the low and at the high end of its interval. */
export interface SensitivityBar {
  input: string;
  label: string;
  /** The interval's ends, in the input's unit, and its credibility in percent. */
  low: number;
  high: number;
  credibility: number;
  median_at_low: number | null;
  median_at_high: number | null;
}

export interface ForecastResponse {
  model: ForecastModel;
  /** Epoch model only: the demand projection and the input set used. */
  branch?: ForecastBranch;
  inputs?: ForecastInputSet;
  /** Epoch model only: whether the AI-share discount of the stock's growth was applied. */
  ai_share?: 'on' | 'off';
  /**
   * With ai_share=on: the same forecast without the discount, so the scenario's effect shows.
   */
  without_ai_share?: { median_year: number | null; p10_year: number | null; p90_year: number | null };
  /** The day the forecast is made at, as a decimal year (its start) for the model and the charts. */
  as_of: number;
  /** The same day as an ISO date: what to pass as as_of to get this forecast again. */
  as_of_date: IsoDay;
  /**
   * Decimal years; null when that percentile falls among the draws that do not cross before the
   * end of the last year of probability_by_year (never, or beyond that horizon).
   */
  exhaustion: { median_year: number | null; p10_year: number | null; p90_year: number | null };
  /** Share of draws whose stock is used up before the end of `year` (t < year + 1). */
  probability_by_year: { year: number; p: number }[];
  stock: QuantileBand[];
  demand: QuantileBand[];
  assumptions: Record<string, Assumption>;
  /** Origin of the forecast: that of the assumptions it used (forecastOrigin in src/lib/shared/origin.ts). */
  origin: Origin;
  draws: number;
  seed: number;
  /**
   * Draws by outcome: crossing between as_of and the horizon's end, already crossed before as_of,
   * crossing after the horizon (Epoch model: its paths keep growing), or never (growth of demand
   * at or below that of the stock).
   */
  outcomes: { crossing: number; never: number; already: number; beyond_horizon: number };
  /** Share of draws whose crossing falls in each year (the exhaustion-year histogram). */
  histogram: { year: number; share: number }[];
  /** Interval credibility of the stock and demand bands, in percent (90: 5th to 95th percentile). */
  band_credibility: number;
  paper: PaperResult;
  /** With sensitivity=on (Epoch model): one bar per input, widest first. */
  sensitivity?: SensitivityBar[];
  /** Stored rows the live defaults left out because they cannot be used (absent when none). */
  left_out?: LeftOutRows[];
}

const QUERY_TO_INPUT = {
  stock_p5: 'stockP5',
  stock_p95: 'stockP95',
  stock_growth_p5: 'stockGrowthP5',
  stock_growth_p95: 'stockGrowthP95',
  demand_p5: 'demandP5',
  demand_p95: 'demandP95',
  demand_growth_p5: 'demandGrowthP5',
  demand_growth_p95: 'demandGrowthP95',
  overtraining: 'overtraining'
} as const satisfies Record<string, keyof ForecastInputs>;

export type MergeResult = { ok: true; inputs: ForecastInputs; draws: number; seed: number } | { ok: false; param: string; message: string };

/**
 * Overlays a parsed query on the defaults. A query may set only one end of a pair (say stock_p5
 * above the default stock_p95), so the order is checked again after merging and the error names
 * the parameter the caller sent. Merging only overwrites asOf; levels are not moved, so build
 * `defaults` for the query's as_of in the first place (e.g. publishedInputs(query.as_of ?? now)).
 */
export function mergeForecastQuery(defaults: ForecastInputs, query: ForecastQuery): MergeResult {
  const inputs: ForecastInputs = { ...defaults };
  if (query.as_of !== undefined) inputs.asOf = dayToDecimalYear(query.as_of);
  for (const [q, key] of Object.entries(QUERY_TO_INPUT) as [keyof typeof QUERY_TO_INPUT, keyof ForecastInputs][]) {
    const v = query[q];
    if (v !== undefined) inputs[key] = v;
  }
  for (const [lo, hi] of FORECAST_PAIRS) {
    const a = inputs[QUERY_TO_INPUT[lo]];
    const b = inputs[QUERY_TO_INPUT[hi]];
    if (a > b) {
      const param = query[lo] !== undefined ? lo : hi;
      return { ok: false, param, message: `${lo} (${a}) must not exceed ${hi} (${b})` };
    }
  }
  return {
    ok: true,
    inputs,
    draws: query.draws ?? FORECAST_DEFAULTS.draws,
    seed: query.seed ?? FORECAST_DEFAULTS.seed
  };
}

// Calibrated expected values as pure functions of time (epoch ms). The curves are piecewise
// linear through knots taken from targets.ts: linear interpolation is the most that the published
// figures (a handful of dated points) support, and the same knots are handed to the SQL
// backfill as bound arrays (sql.ts evaluates the identical formula), so history and live rows
// follow one definition.
import type { MarketCategory } from '../../src/lib/contract/streams';
import { MARKET_CATEGORIES } from '../../src/lib/contract/streams';
import {
  AI_SHARE_CAP,
  AI_SHARE_MULTIPLIER,
  CRAWL_DOCS_PER_DAY_2020,
  CRAWL_DOUBLING_YEARS,
  CRAWL_EPOCH,
  MIXED_PER_AI,
  UNKNOWN_SHARE,
  WEEKDAY_FACTORS,
  type ContentType
} from './dimensions';
import {
  AI_SHARE_MAY_2025,
  AI_SHARE_NOV_2023,
  AI_SHARE_NOV_2024,
  AI_SHARE_PLATEAU,
  AI_SHARE_PRE_CHATGPT,
  CHATGPT_RELEASE,
  MENTIONS_AI_KNOTS,
  POSTINGS_CODING,
  POSTINGS_DATA_ENTRY,
  POSTINGS_ILLUSTRATION,
  POSTINGS_OTHER,
  POSTINGS_TRANSLATION,
  POSTINGS_VIDEO,
  POSTINGS_WRITING,
  TRANSLATION_EARNINGS,
  WRITING_EARNINGS,
  ms
} from './targets';

/** Knots of a piecewise-linear curve: xs ascending epoch ms, ys the values there. */
export interface Knots {
  readonly xs: readonly number[];
  readonly ys: readonly number[];
}

const DAY_MS = 86_400_000;
const YEAR_MS = 365.25 * DAY_MS;

/**
 * Piecewise-linear interpolation, flat beyond the first and last knot. Written segment by
 * segment (value of the segment whose [x0, x1) holds t) because sql.ts evaluates exactly this
 * form with arrayMap over the same arrays.
 */
export function pwl(t: number, knots: Knots): number {
  const { xs, ys } = knots;
  const n = xs.length;
  if (n === 0 || n !== ys.length) throw new Error('knots need equal, non-empty xs and ys');
  const first = xs[0] as number;
  const last = xs[n - 1] as number;
  if (t < first) return ys[0] as number;
  if (t >= last) return ys[n - 1] as number;
  for (let i = 0; i < n - 1; i++) {
    const x0 = xs[i] as number;
    const x1 = xs[i + 1] as number;
    if (t >= x0 && t < x1) {
      const y0 = ys[i] as number;
      const y1 = ys[i + 1] as number;
      return y0 + ((y1 - y0) * (t - x0)) / (x1 - x0);
    }
  }
  return ys[n - 1] as number;
}

// --- crawled content ------------------------------------------------------------------------

/** AI share of new articles: flat near zero until ChatGPT, then through Graphite's points. */
export const AI_SHARE_ARTICLE_KNOTS: Knots = knots([
  [CHATGPT_RELEASE.at, AI_SHARE_PRE_CHATGPT.value],
  [AI_SHARE_NOV_2023.at, AI_SHARE_NOV_2023.value],
  [AI_SHARE_NOV_2024.at, AI_SHARE_NOV_2024.value],
  [AI_SHARE_MAY_2025.at, AI_SHARE_MAY_2025.value],
  [AI_SHARE_PLATEAU.at, AI_SHARE_PLATEAU.value]
]);

/** Share of newly crawled articles that are AI-generated (provenance 'ai'), document-weighted. */
export function aiShareArticles(t: number): number {
  return pwl(t, AI_SHARE_ARTICLE_KNOTS);
}

/** AI share of a content type: the article curve scaled by the type's multiplier, capped. */
export function aiShare(contentType: ContentType, t: number): number {
  return Math.min(AI_SHARE_CAP, aiShareArticles(t) * AI_SHARE_MULTIPLIER[contentType]);
}

interface ProvenanceShares {
  human: number;
  ai: number;
  mixed: number;
  unknown: number;
}

/** Expected provenance mix of newly crawled documents of one content type. */
export function provenanceShares(contentType: ContentType, t: number): ProvenanceShares {
  const ai = aiShare(contentType, t);
  const mixed = ai * MIXED_PER_AI;
  return { ai, mixed, unknown: UNKNOWN_SHARE, human: 1 - ai - mixed - UNKNOWN_SHARE };
}

// Watermark detection appears once providers ship text watermarks; the timing and the 6% reach
// are this project's assumption, not a published figure.
export const WATERMARK_KNOTS: Knots = knots([
  ['2023-12-31', 0],
  ['2025-06-30', 0.06]
]);

/** Share of documents checked by a watermark detector rather than a classifier. */
export function watermarkShare(t: number): number {
  return pwl(t, WATERMARK_KNOTS);
}

/** Crawl volume growth per ms (exponential, doubling every CRAWL_DOUBLING_YEARS). */
export const CRAWL_GROWTH_PER_MS = Math.LN2 / (CRAWL_DOUBLING_YEARS * YEAR_MS);
const CRAWL_EPOCH_MS = ms(CRAWL_EPOCH);

/** Expected crawled documents per day at t. */
export function crawlDocsPerDay(t: number): number {
  return CRAWL_DOCS_PER_DAY_2020 * Math.exp(CRAWL_GROWTH_PER_MS * (t - CRAWL_EPOCH_MS));
}

/** Expected crawled documents in [a, b): the integral of crawlDocsPerDay. */
export function crawlDocsBetween(a: number, b: number): number {
  if (b <= a) return 0;
  const k = CRAWL_GROWTH_PER_MS;
  const perMs = CRAWL_DOCS_PER_DAY_2020 / DAY_MS;
  return (perMs / k) * (Math.exp(k * (b - CRAWL_EPOCH_MS)) - Math.exp(k * (a - CRAWL_EPOCH_MS)));
}

// --- freelance market -----------------------------------------------------------------------

// The decline starts at ChatGPT's release and is complete by the end of June 2023, so the level
// the papers report at eight months holds over July-August 2023, the window they measure in.
// A linear ramp over those seven months and a persistent level afterwards are this project's
// assumptions about the shape; the levels are the published figures.
const RAMP_START = CHATGPT_RELEASE.at;
const RAMP_END = '2023-06-30';

const POSTINGS_DECLINE: Record<MarketCategory, number> = {
  writing: POSTINGS_WRITING.value,
  translation: POSTINGS_TRANSLATION.value,
  illustration: POSTINGS_ILLUSTRATION.value,
  coding: POSTINGS_CODING.value,
  data_entry: POSTINGS_DATA_ENTRY.value,
  video: POSTINGS_VIDEO.value,
  other: POSTINGS_OTHER.value
};

/** Shared x knots for the per-category ramps; y values per category in MARKET_CATEGORIES order. */
export const RAMP_XS: readonly number[] = [ms(RAMP_START), ms(RAMP_END)];

export const POSTINGS_YS: readonly (readonly number[])[] = MARKET_CATEGORIES.map((c) => [1, 1 + POSTINGS_DECLINE[c]]);

/** Weekly postings of a category relative to its pre-ChatGPT weekly mean (1 = unchanged). */
export function postingsFactor(category: MarketCategory, t: number): number {
  return pwl(t, { xs: RAMP_XS, ys: POSTINGS_YS[MARKET_CATEGORIES.indexOf(category)] ?? [1, 1] });
}

const EARNINGS_CHANGE: Partial<Record<MarketCategory, number>> = {
  writing: WRITING_EARNINGS.value,
  translation: TRANSLATION_EARNINGS.value
};

export const BUDGET_YS: readonly (readonly number[])[] = MARKET_CATEGORIES.map((c) => [1, 1 + (EARNINGS_CHANGE[c] ?? 0)]);

/** Budgets of a category relative to before ChatGPT (writers' earnings -5.2%, Hui et al.). */
export function budgetFactor(category: MarketCategory, t: number): number {
  return pwl(t, { xs: RAMP_XS, ys: BUDGET_YS[MARKET_CATEGORIES.indexOf(category)] ?? [1, 1] });
}

export const MENTIONS_AI_CURVE: Knots = knots(MENTIONS_AI_KNOTS.knots);

/** Share of postings that mention AI, before the category multiplier. */
export function mentionsAiShare(t: number): number {
  return pwl(t, MENTIONS_AI_CURVE);
}

/** Day-of-week factor at t (mean 1 over a week), Monday first like ClickHouse's toDayOfWeek. */
export function weekdayFactor(t: number): number {
  const mondayFirst = (new Date(t).getUTCDay() + 6) % 7;
  return WEEKDAY_FACTORS[mondayFirst] ?? 1;
}

function knots(points: readonly (readonly [string, number])[]): Knots {
  const xs = points.map(([d]) => ms(d));
  for (let i = 1; i < xs.length; i++) {
    if ((xs[i] as number) <= (xs[i - 1] as number)) throw new Error('knots must be in ascending time order');
  }
  return { xs, ys: points.map(([, v]) => v) };
}

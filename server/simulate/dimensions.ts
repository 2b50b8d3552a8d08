// The categorical make-up of the simulated data: which languages, content types, platforms and
// so on, and how often. None of these mixes is a published figure; they are this project's
// assumptions, chosen to look like a general web crawl and a general freelance platform, and
// they do not affect any calibration target (those are conditioned on one category each).
// Shared by the SQL backfill and the live generator so both produce the same mix.
import type { MarketCategory } from '../../src/lib/contract/streams';

type Weighted<T extends string> = readonly (readonly [T, number])[];

export const CONTENT_TYPES = ['article', 'forum', 'product', 'social', 'reference', 'code'] as const;
export type ContentType = (typeof CONTENT_TYPES)[number];

export const CONTENT_TYPE_WEIGHTS: Weighted<ContentType> = [
  ['article', 0.38],
  ['forum', 0.14],
  ['product', 0.16],
  ['social', 0.12],
  ['reference', 0.1],
  ['code', 0.1]
];

/**
 * AI share of a content type relative to articles (the calibrated curve). Forums and reference
 * pages are moderated or community-written, so lower; product pages are cheap to generate at
 * scale, so higher. All this project's assumption.
 */
export const AI_SHARE_MULTIPLIER: Record<ContentType, number> = {
  article: 1,
  forum: 0.45,
  product: 1.3,
  social: 0.7,
  reference: 0.5,
  code: 0.6
};

/** Median tokens per document by content type; lengths are log-normal around it. */
export const TOKENS_MEDIAN: Record<ContentType, number> = {
  article: 1200,
  forum: 500,
  product: 400,
  social: 300,
  reference: 1500,
  code: 900
};
export const TOKENS_SIGMA = 0.6;

/** URL path prefix by content type, so URLs read like what they are. */
export const URL_PATHS: Record<ContentType, string> = {
  article: 'news',
  forum: 't',
  product: 'p',
  social: 'post',
  reference: 'wiki',
  code: 'src'
};

/** Language mix of domains on generic TLDs (English dominant, as in a general web crawl). */
export const GENERIC_LANG_WEIGHTS: Weighted<string> = [
  ['en', 0.72],
  ['es', 0.05],
  ['de', 0.03],
  ['fr', 0.03],
  ['pt', 0.04],
  ['ja', 0.02],
  ['zh', 0.04],
  ['ru', 0.03],
  ['it', 0.01],
  ['id', 0.02],
  ['ar', 0.01]
];

/** TLDs with their share of domains and, for country codes, the language their sites use. */
export const TLDS: readonly { tld: string; weight: number; lang: string | null }[] = [
  { tld: 'com', weight: 0.35, lang: null },
  { tld: 'org', weight: 0.07, lang: null },
  { tld: 'net', weight: 0.05, lang: null },
  { tld: 'io', weight: 0.03, lang: null },
  { tld: 'info', weight: 0.02, lang: null },
  { tld: 'de', weight: 0.08, lang: 'de' },
  { tld: 'fr', weight: 0.05, lang: 'fr' },
  { tld: 'jp', weight: 0.05, lang: 'ja' },
  { tld: 'uk', weight: 0.04, lang: 'en' },
  { tld: 'es', weight: 0.03, lang: 'es' },
  { tld: 'br', weight: 0.03, lang: 'pt' },
  { tld: 'ru', weight: 0.04, lang: 'ru' },
  { tld: 'cn', weight: 0.03, lang: 'zh' },
  { tld: 'it', weight: 0.03, lang: 'it' },
  { tld: 'nl', weight: 0.02, lang: 'nl' },
  { tld: 'pl', weight: 0.02, lang: 'pl' },
  { tld: 'ca', weight: 0.02, lang: 'en' },
  { tld: 'au', weight: 0.02, lang: 'en' },
  { tld: 'in', weight: 0.02, lang: 'en' }
];

/** Probability a document is in its domain's language (the rest are translations, mirrors). */
export const DOMAIN_LANG_KEEP = 0.92;

export const DOMAIN_POOL_SIZE = 2500;
/** Domain popularity: index = floor(N * u^k); k > 1 makes the first domains the big ones. */
export const DOMAIN_SKEW = 2;

/** Crawl sources. News feeds deliver only articles, so they are drawn for articles alone. */
export const CRAWL_SOURCE_WEIGHTS: Weighted<string> = [
  ['common_crawl', 0.75],
  ['sitemap', 0.2],
  ['partner_api', 0.05]
];
export const NEWS_FEED_SHARE_OF_ARTICLES = 0.25;

/** Crawled documents per day on 2020-01-01, doubling every CRAWL_DOUBLING_YEARS: about 1.9M
 * documents from 2020 to late 2026, enough for stable monthly shares per content type. */
export const CRAWL_DOCS_PER_DAY_2020 = 480;
export const CRAWL_DOUBLING_YEARS = 6;
export const CRAWL_EPOCH = '2020-01-01';

/** Share of documents with no detector run (no ai_score). */
export const NO_DETECTOR_SHARE = 0.1;
/** Share of documents with no known publication date. */
export const NO_PUBLISHED_AT_SHARE = 0.15;
/** Mean lag from publication to crawl, in days (exponential). */
export const PUBLISH_LAG_MEAN_DAYS = 4;

/** Mean quality score by provenance (content-farm AI text rated lower); noise of +-0.3 around it. */
export const QUALITY_BASE = { human: 0.68, mixed: 0.58, ai: 0.5 } as const;

/** Mixed (human-edited AI drafts) as a fraction of the AI share, and the unknown share. */
export const MIXED_PER_AI = 0.15;
export const UNKNOWN_SHARE = 0.02;
/** An AI share never goes above this for any content type (room for human, mixed, unknown). */
export const AI_SHARE_CAP = 0.8;

// ---------------------------------------------------------------------------------------------
// Freelance market
// ---------------------------------------------------------------------------------------------

/** Baseline (pre-ChatGPT) share of weekly postings by category. */
export const CATEGORY_WEIGHTS: Weighted<MarketCategory> = [
  ['writing', 0.18],
  ['translation', 0.05],
  ['illustration', 0.17],
  ['coding', 0.3],
  ['data_entry', 0.12],
  ['video', 0.08],
  ['other', 0.1]
];

/** Postings per week across all categories before ChatGPT (sets the backfill volume). */
export const BASELINE_POSTINGS_PER_WEEK = 1000;

/** Day-of-week factors, Monday first, mean exactly 1: a mild working-week rhythm. */
export const WEEKDAY_FACTORS: readonly number[] = [1.05, 1.08, 1.06, 1.04, 0.98, 0.88, 0.91];

/** Platforms (synthetic names) with their share, short id prefix and share of hourly posts. */
export const PLATFORMS: readonly { name: string; weight: number; prefix: string; hourlyShare: number }[] = [
  { name: 'upwork_like', weight: 0.5, prefix: 'uw', hourlyShare: 0.35 },
  { name: 'freelancer_like', weight: 0.3, prefix: 'fl', hourlyShare: 0.25 },
  { name: 'fiverr_like', weight: 0.2, prefix: 'fv', hourlyShare: 0.05 }
];

export const REGION_WEIGHTS: Weighted<string> = [
  ['north_america', 0.38],
  ['europe', 0.27],
  ['south_asia', 0.08],
  ['east_asia', 0.08],
  ['latam', 0.07],
  ['oceania', 0.06],
  ['africa', 0.03],
  ['middle_east', 0.03]
];

/** Median fixed-price budget and hourly rate (USD) by category; log-normal around them. */
export const BUDGET_MEDIAN_USD: Record<MarketCategory, { fixed: number; hourly: number }> = {
  writing: { fixed: 60, hourly: 25 },
  translation: { fixed: 80, hourly: 22 },
  illustration: { fixed: 120, hourly: 30 },
  coding: { fixed: 250, hourly: 40 },
  data_entry: { fixed: 40, hourly: 10 },
  video: { fixed: 150, hourly: 30 },
  other: { fixed: 100, hourly: 25 }
};
export const BUDGET_SIGMA = 0.7;
/** Share of postings that state no budget. */
export const NO_BUDGET_SHARE = 0.08;

/** Mean bids per posting (geometric). */
export const BIDS_MEAN = 14;

/** How much more (or less) often a category's postings mention AI than the curve says. */
export const MENTIONS_AI_MULTIPLIER: Record<MarketCategory, number> = {
  writing: 1.2,
  translation: 0.8,
  illustration: 1.1,
  coding: 1.4,
  data_entry: 1,
  video: 0.9,
  other: 0.8
};

/** Statuses of postings older than two weeks, and of recent ones (most still open). */
export const STATUS_SETTLED: Weighted<string> = [
  ['hired', 0.5],
  ['closed', 0.3],
  ['expired', 0.2]
];
export const STATUS_RECENT: Weighted<string> = [
  ['posted', 0.7],
  ['hired', 0.2],
  ['closed', 0.1]
];
export const STATUS_RECENT_DAYS = 14;

/** Cumulative weights ending at exactly 1, for "first index where cum > u" draws. */
export function cumulative(weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  if (!(total > 0)) throw new Error('weights must sum to a positive number');
  let acc = 0;
  const cum = weights.map((w) => (acc += w / total));
  // Rounding can leave the last entry a hair under 1; a draw u < 1 must always find an index.
  if (cum.length > 0) cum[cum.length - 1] = 1;
  return cum;
}

/** Index of the first cumulative weight above u (u in [0, 1)). */
export function pickIndex(cum: readonly number[], u: number): number {
  const i = cum.findIndex((c) => c > u);
  return i < 0 ? cum.length - 1 : i;
}

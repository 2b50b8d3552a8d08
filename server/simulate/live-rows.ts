// Rows for the live stream, in the public ingest contract (DESIGN.md, "Ingest rows"): the same
// distributions as the SQL backfill (backfill-crawl.ts, backfill-market.ts), drawn in TypeScript
// at the current time. Optional fields without a value are left out, so the ingest defaults apply.
import type { Rng } from '../lib/random';
import { MARKET_CATEGORIES, type MarketCategory, type Provenance } from '../../src/lib/contract/streams';
import { budgetFactor, mentionsAiShare, postingsFactor, provenanceShares, watermarkShare } from './curves';
import {
  BIDS_MEAN,
  BUDGET_MEDIAN_USD,
  BUDGET_SIGMA,
  CATEGORY_WEIGHTS,
  CONTENT_TYPE_WEIGHTS,
  CRAWL_SOURCE_WEIGHTS,
  DOMAIN_LANG_KEEP,
  DOMAIN_SKEW,
  GENERIC_LANG_WEIGHTS,
  MENTIONS_AI_MULTIPLIER,
  NEWS_FEED_SHARE_OF_ARTICLES,
  NO_BUDGET_SHARE,
  NO_DETECTOR_SHARE,
  NO_PUBLISHED_AT_SHARE,
  PLATFORMS,
  PUBLISH_LAG_MEAN_DAYS,
  QUALITY_BASE,
  REGION_WEIGHTS,
  TOKENS_MEDIAN,
  TOKENS_SIGMA,
  URL_PATHS,
  cumulative,
  pickIndex
} from './dimensions';
import type { DomainPool } from './domains';
import { DETECTOR_FALSE_NEGATIVE_RATE, DETECTOR_FALSE_POSITIVE_RATE } from './targets';

export interface CrawlRow {
  ts: number;
  url: string;
  lang: string;
  content_type: string;
  tokens: number;
  provenance: Provenance;
  domain: string;
  published_at?: number;
  crawl_source: string;
  ai_score?: number;
  detector: string;
  quality?: number;
  /** UInt64 as a decimal string: it exceeds JavaScript's safe integers. */
  simhash: string;
}

interface MarketRow {
  ts: number;
  platform: string;
  category: MarketCategory;
  posting_id: string;
  region: string;
  budget_usd?: number;
  hourly: boolean;
  bids: number;
  mentions_ai: boolean;
  status: string;
}

const LANG_CUM = cumulative(GENERIC_LANG_WEIGHTS.map(([, w]) => w));
const CT_CUM = cumulative(CONTENT_TYPE_WEIGHTS.map(([, w]) => w));
const SOURCE_CUM = cumulative(CRAWL_SOURCE_WEIGHTS.map(([, w]) => w));
const PLATFORM_CUM = cumulative(PLATFORMS.map((p) => p.weight));
const REGION_CUM = cumulative(REGION_WEIGHTS.map(([, w]) => w));
const CATEGORY_WEIGHT = new Map(CATEGORY_WEIGHTS);

/** A uniform draw in (0, 1): never 0, so logarithms stay finite. */
function u01(rng: Rng): number {
  return (rng.nextUint32() + 0.5) / 4294967296;
}

function hex64(rng: Rng): string {
  return rng.nextUint32().toString(16).padStart(8, '0') + rng.nextUint32().toString(16).padStart(8, '0');
}

export function crawlRow(rng: Rng, t: number, pool: DomainPool): CrawlRow {
  const d = Math.min(pool.names.length - 1, Math.floor(pool.names.length * Math.pow(u01(rng), DOMAIN_SKEW)));
  const domain = pool.names[d] ?? 'example-unknown.com';
  const lang = u01(rng) < DOMAIN_LANG_KEEP ? (pool.langs[d] ?? 'en') : (GENERIC_LANG_WEIGHTS[pickIndex(LANG_CUM, u01(rng))]?.[0] ?? 'en');
  const contentType = CONTENT_TYPE_WEIGHTS[pickIndex(CT_CUM, u01(rng))]?.[0] ?? 'article';

  const shares = provenanceShares(contentType, t);
  const up = u01(rng);
  const provenance: Provenance =
    up < shares.ai ? 'ai' : up < shares.ai + shares.mixed ? 'mixed' : up < shares.ai + shares.mixed + shares.unknown ? 'unknown' : 'human';

  const detector =
    provenance === 'unknown' || u01(rng) < NO_DETECTOR_SHARE ? 'none' : u01(rng) < watermarkShare(t) ? 'watermark' : 'classifier';
  const ai_score = detectorScore(detector, provenance, u01(rng), u01(rng));

  const quality = provenance === 'unknown' ? undefined : clamp01(QUALITY_BASE[provenance] + 0.3 * (u01(rng) + u01(rng) - 1));
  const tokens = Math.round(Math.min(100_000, Math.max(20, TOKENS_MEDIAN[contentType] * Math.exp(TOKENS_SIGMA * rng.normal()))));
  const published_at =
    u01(rng) < NO_PUBLISHED_AT_SHARE ? undefined : Math.round(t + PUBLISH_LAG_MEAN_DAYS * 86_400_000 * Math.log(u01(rng)));
  const crawl_source =
    contentType === 'article' && u01(rng) < NEWS_FEED_SHARE_OF_ARTICLES
      ? 'news_feed'
      : (CRAWL_SOURCE_WEIGHTS[pickIndex(SOURCE_CUM, u01(rng))]?.[0] ?? 'common_crawl');
  const year = new Date(t).getUTCFullYear();
  const simhash = ((BigInt(rng.nextUint32()) << 32n) | BigInt(rng.nextUint32())).toString();

  const row: CrawlRow = {
    ts: t,
    url: `https://${domain}/${URL_PATHS[contentType]}/${year}/${hex64(rng)}`,
    lang,
    content_type: contentType,
    tokens,
    provenance,
    domain,
    crawl_source,
    detector,
    simhash
  };
  if (published_at !== undefined) row.published_at = published_at;
  if (ai_score !== undefined) row.ai_score = ai_score;
  if (quality !== undefined) row.quality = quality;
  return row;
}

/**
 * Detector score, read as "AI" at 0.5 or above: the classifier errs at Graphite's measured rates,
 * the watermark detector (this project's assumption) almost never. Same shapes as the SQL.
 */
function detectorScore(detector: string, provenance: Provenance, uErr: number, u: number): number | undefined {
  if (detector === 'none') return undefined;
  if (detector === 'watermark') return provenance === 'ai' ? 0.97 + 0.03 * u : provenance === 'mixed' ? 0.5 + 0.4 * u : 0.02 * u;
  if (provenance === 'ai') return uErr < DETECTOR_FALSE_NEGATIVE_RATE.value ? 0.5 * u : 1 - 0.5 * u * u;
  if (provenance === 'mixed') return 0.25 + 0.6 * u;
  return uErr < DETECTOR_FALSE_POSITIVE_RATE.value ? 0.5 + 0.5 * u : 0.5 * u * u;
}

/** A new posting. The category mix follows each category's posting curve at t. */
export function marketRow(rng: Rng, t: number): MarketRow {
  const weights = MARKET_CATEGORIES.map((c) => (CATEGORY_WEIGHT.get(c) ?? 0) * postingsFactor(c, t));
  const category = MARKET_CATEGORIES[pickIndex(cumulative(weights), u01(rng))] ?? 'other';
  const platform = PLATFORMS[pickIndex(PLATFORM_CUM, u01(rng))] ?? PLATFORMS[0];
  if (!platform) throw new Error('no platforms configured');
  const hourly = u01(rng) < platform.hourlyShare;
  const median = hourly ? BUDGET_MEDIAN_USD[category].hourly : BUDGET_MEDIAN_USD[category].fixed;
  const budget =
    u01(rng) < NO_BUDGET_SHARE
      ? undefined
      : Math.round(median * Math.exp(BUDGET_SIGMA * rng.normal()) * budgetFactor(category, t) * 100) / 100;
  const row: MarketRow = {
    ts: t,
    platform: platform.name,
    category,
    posting_id: `${platform.prefix}-${hex64(rng)}`,
    region: REGION_WEIGHTS[pickIndex(REGION_CUM, u01(rng))]?.[0] ?? 'unknown',
    hourly,
    bids: Math.floor(-Math.log(u01(rng)) * BIDS_MEAN),
    mentions_ai: u01(rng) < Math.min(1, mentionsAiShare(t) * MENTIONS_AI_MULTIPLIER[category]),
    // A posting seen live has just been posted.
    status: 'posted'
  };
  if (budget !== undefined) row.budget_usd = budget;
  return row;
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

/** One JSON object a line, the ingest body format. */
export function toNdjson(rows: readonly object[]): Buffer {
  return Buffer.from(rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
}

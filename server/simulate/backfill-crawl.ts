// Crawl history generated inside ClickHouse: one INSERT ... SELECT FROM numbers(N) per chunk.
// Every column is a function of the row number hashed with the seed (sql.ts), so a backfill is
// reproducible and needs no data to leave Node. The expected values come from curves.ts: its
// knots and weights are bound as array parameters and evaluated by the same formulas.
import type { Engine } from '../engine/engine';
import { AI_SHARE_ARTICLE_KNOTS, CRAWL_GROWTH_PER_MS, WATERMARK_KNOTS, crawlDocsBetween } from './curves';
import {
  AI_SHARE_CAP,
  AI_SHARE_MULTIPLIER,
  CONTENT_TYPE_WEIGHTS,
  CRAWL_SOURCE_WEIGHTS,
  DOMAIN_LANG_KEEP,
  DOMAIN_SKEW,
  GENERIC_LANG_WEIGHTS,
  MIXED_PER_AI,
  NEWS_FEED_SHARE_OF_ARTICLES,
  NO_DETECTOR_SHARE,
  NO_PUBLISHED_AT_SHARE,
  PUBLISH_LAG_MEAN_DAYS,
  QUALITY_BASE,
  TOKENS_MEDIAN,
  TOKENS_SIGMA,
  UNKNOWN_SHARE,
  URL_PATHS,
  cumulative
} from './dimensions';
import type { Chunk } from './chunks';
import { domainPool } from './domains';
import { hash64, normal, pick, pwl, uniform } from './sql';
import { DETECTOR_FALSE_NEGATIVE_RATE, DETECTOR_FALSE_POSITIVE_RATE } from './targets';

// Salts: one per random column, so the draws of one row are independent.
const S = {
  time: 1,
  domain: 2,
  langKeep: 3,
  lang: 4,
  contentType: 5,
  provenance: 6,
  noDetector: 7,
  watermark: 8,
  detectorError: 9,
  score: 10,
  qualityA: 11,
  qualityB: 12,
  tokensA: 13,
  tokensB: 14,
  noPublished: 15,
  publishLag: 16,
  newsFeed: 17,
  source: 18,
  urlHash: 19,
  simhash: 20
} as const;

// Detector scores are read as "AI" at 0.5 or above. A classifier errs at the published rates:
// human text scores >= 0.5 with probability FPR, AI text < 0.5 with probability FNR. Watermark
// detection (this project's assumption) is near-certain either way; mixed text scores in between.
// live-rows.ts draws the same shapes in TypeScript; change both together.
const CRAWL_SQL = `
INSERT INTO crawl_documents
  (ts, published_at, url, domain, tld, lang, content_type, crawl_source, tokens, provenance, ai_score, detector, quality, simhash, origin)
SELECT ts, published_at, url, domain, tld, lang, content_type, crawl_source, tokens, prov, ai_score, detector, quality, simhash, 'simulator'
FROM (
  SELECT
    -- Inverse CDF of an exponentially growing rate over the chunk: later days get more rows.
    {from_ms:Float64} + log1p(${uniform(S.time)} * {growth_span:Float64}) / {growth_per_ms:Float64} AS t_ms,
    fromUnixTimestamp64Milli(toInt64(t_ms), 'UTC') AS ts,
    -- Popular domains first: u^k with k > 1 crowds the draws toward low indices.
    toUInt32(floor(length({domains:Array(String)}) * pow(${uniform(S.domain)}, {domain_skew:Float64}))) + 1 AS d_idx,
    {domains:Array(String)}[d_idx] AS domain,
    {domain_tlds:Array(String)}[d_idx] AS tld,
    if(${uniform(S.langKeep)} < {lang_keep:Float64},
       {domain_langs:Array(String)}[d_idx],
       {langs:Array(String)}[${pick(uniform(S.lang), '{lang_cum:Array(Float64)}')}]) AS lang,
    ${pick(uniform(S.contentType), '{ct_cum:Array(Float64)}')} AS ct_idx,
    {cts:Array(String)}[ct_idx] AS content_type,
    least({ai_cap:Float64}, ${pwl('t_ms', '{ai_x:Array(Float64)}', '{ai_y:Array(Float64)}')} * {ct_ai_mult:Array(Float64)}[ct_idx]) AS p_ai,
    p_ai * {mixed_per_ai:Float64} AS p_mixed,
    ${uniform(S.provenance)} AS u_prov,
    multiIf(u_prov < p_ai, 'ai', u_prov < p_ai + p_mixed, 'mixed', u_prov < p_ai + p_mixed + {p_unknown:Float64}, 'unknown', 'human') AS prov,
    multiIf(prov = 'unknown' OR ${uniform(S.noDetector)} < {no_detector:Float64}, 'none',
            ${uniform(S.watermark)} < ${pwl('t_ms', '{wm_x:Array(Float64)}', '{wm_y:Array(Float64)}')}, 'watermark',
            'classifier') AS detector,
    ${uniform(S.detectorError)} AS u_err,
    ${uniform(S.score)} AS u_score,
    multiIf(
      detector = 'none', NULL,
      detector = 'watermark', multiIf(prov = 'ai', 0.97 + 0.03 * u_score, prov = 'mixed', 0.5 + 0.4 * u_score, 0.02 * u_score),
      prov = 'ai', if(u_err < {fnr:Float64}, 0.5 * u_score, 1 - 0.5 * u_score * u_score),
      prov = 'mixed', 0.25 + 0.6 * u_score,
      if(u_err < {fpr:Float64}, 0.5 + 0.5 * u_score, 0.5 * u_score * u_score)
    ) AS ai_score,
    if(prov = 'unknown', NULL,
       greatest(0, least(1, multiIf(prov = 'human', {q_human:Float64}, prov = 'mixed', {q_mixed:Float64}, {q_ai:Float64})
                            + 0.3 * (${uniform(S.qualityA)} + ${uniform(S.qualityB)} - 1)))) AS quality,
    toUInt32(greatest(20, least(100000, round({tokens_median:Array(Float64)}[ct_idx] * exp({tokens_sigma:Float64} * ${normal(S.tokensA, S.tokensB)}))))) AS tokens,
    if(${uniform(S.noPublished)} < {no_published:Float64}, NULL,
       fromUnixTimestamp64Milli(toInt64(t_ms + {lag_mean_ms:Float64} * log(${uniform(S.publishLag)})), 'UTC')) AS published_at,
    if(content_type = 'article' AND ${uniform(S.newsFeed)} < {news_feed:Float64}, 'news_feed',
       {sources:Array(String)}[${pick(uniform(S.source), '{source_cum:Array(Float64)}')}]) AS crawl_source,
    concat('https://', domain, '/', {ct_paths:Array(String)}[ct_idx], '/', toString(toYear(ts)), '/', lower(hex(${hash64(S.urlHash)})))
      AS url,
    ${hash64(S.simhash)} AS simhash
  FROM numbers({n:UInt64})
)`;

/** Parameters that do not change between chunks. */
function staticParams(seed: number): Record<string, unknown> {
  const pool = domainPool();
  const cts = CONTENT_TYPE_WEIGHTS.map(([c]) => c);
  return {
    seed,
    domains: pool.names,
    domain_tlds: pool.tlds,
    domain_langs: pool.langs,
    domain_skew: DOMAIN_SKEW,
    lang_keep: DOMAIN_LANG_KEEP,
    langs: GENERIC_LANG_WEIGHTS.map(([l]) => l),
    lang_cum: cumulative(GENERIC_LANG_WEIGHTS.map(([, w]) => w)),
    cts,
    ct_cum: cumulative(CONTENT_TYPE_WEIGHTS.map(([, w]) => w)),
    ct_ai_mult: cts.map((c) => AI_SHARE_MULTIPLIER[c]),
    ct_paths: cts.map((c) => URL_PATHS[c]),
    tokens_median: cts.map((c) => TOKENS_MEDIAN[c]),
    tokens_sigma: TOKENS_SIGMA,
    ai_x: AI_SHARE_ARTICLE_KNOTS.xs,
    ai_y: AI_SHARE_ARTICLE_KNOTS.ys,
    ai_cap: AI_SHARE_CAP,
    mixed_per_ai: MIXED_PER_AI,
    p_unknown: UNKNOWN_SHARE,
    no_detector: NO_DETECTOR_SHARE,
    wm_x: WATERMARK_KNOTS.xs,
    wm_y: WATERMARK_KNOTS.ys,
    fpr: DETECTOR_FALSE_POSITIVE_RATE.value,
    fnr: DETECTOR_FALSE_NEGATIVE_RATE.value,
    q_human: QUALITY_BASE.human,
    q_mixed: QUALITY_BASE.mixed,
    q_ai: QUALITY_BASE.ai,
    no_published: NO_PUBLISHED_AT_SHARE,
    lag_mean_ms: PUBLISH_LAG_MEAN_DAYS * 86_400_000,
    news_feed: NEWS_FEED_SHARE_OF_ARTICLES,
    sources: CRAWL_SOURCE_WEIGHTS.map(([s]) => s),
    source_cum: cumulative(CRAWL_SOURCE_WEIGHTS.map(([, w]) => w)),
    growth_per_ms: CRAWL_GROWTH_PER_MS
  };
}

/** Inserts the crawl documents of each chunk; returns how many rows were inserted. */
export async function backfillCrawl(engine: Engine, chunks: readonly Chunk[], seed: number): Promise<number> {
  const fixed = staticParams(seed);
  let total = 0;
  for (const chunk of chunks) {
    const n = Math.round(crawlDocsBetween(chunk.fromMs, chunk.toMs));
    if (n <= 0) continue;
    // Drawing t = from + ln(1 + u (e^{k span} - 1)) / k spreads rows by the growing rate; the
    // rate's level at the epoch cancels out, only its growth matters within a chunk.
    const growthSpan = Math.expm1(CRAWL_GROWTH_PER_MS * (chunk.toMs - chunk.fromMs));
    await engine.command(CRAWL_SQL, {
      tag: `simulate.backfill.crawl.${chunk.index}`,
      params: { ...fixed, chunk: chunk.index, from_ms: chunk.fromMs, growth_span: growthSpan, n },
      timeoutS: 300
    });
    total += n;
  }
  return total;
}

import type { Dimension } from '../../src/lib/contract/filters';
import type { PanelQuery } from './definition';
import { MARKET_DAILY } from './domains/market-sql';
import { CRAWL_DAILY, DETECTOR_SOURCES, DOMAIN_DAILY, DOMAIN_MONTHLY } from './domains/provenance-sql';
import { startOfMonth } from './periods';
import type { Source } from './source';
import { buildWhere } from './where';

/**
 * The values a filter dimension takes in a time window, most frequent first: what the
 * explorer's filter bar offers. Each dimension is counted from the smallest table that has it,
 * in whole days (whole months for long domain windows); a suggestion list needs the right
 * values in the right order, not exact edges.
 */

export const DIMENSION_VALUES_DEFAULT_LIMIT = 50;
export const DIMENSION_VALUES_MAX_LIMIT = 500;
/** Longer domain windows read the monthly rollup: the daily one has a row per domain a day. */
const DOMAIN_DAILY_MAX_MS = 92 * 86_400_000;

const MODEL_SAMPLES: Source = {
  table: 'model_samples',
  time: { col: 'ts', type: 'DateTime64' },
  dims: new Set<Dimension>(['model_family', 'model']),
  finest: 'minute',
  rollup: false
};

const DETECTOR_DAILY = DETECTOR_SOURCES[0] as Source;

/** Where each dimension is counted, and the measure that counts a row there. */
const COUNTED_IN: Record<Dimension, { source: (spanMs: number) => Source; count: string }> = {
  domain: { source: domainSource, count: 'sum(docs)' },
  tld: { source: domainSource, count: 'sum(docs)' },
  lang: { source: () => CRAWL_DAILY, count: 'sum(docs)' },
  content_type: { source: () => CRAWL_DAILY, count: 'sum(docs)' },
  crawl_source: { source: () => DETECTOR_DAILY, count: 'sum(docs)' },
  detector: { source: () => DETECTOR_DAILY, count: 'sum(docs)' },
  platform: { source: () => MARKET_DAILY, count: 'sum(postings)' },
  category: { source: () => MARKET_DAILY, count: 'sum(postings)' },
  region: { source: () => MARKET_DAILY, count: 'sum(postings)' },
  model_family: { source: () => MODEL_SAMPLES, count: 'count()' },
  model: { source: () => MODEL_SAMPLES, count: 'count()' }
};

function domainSource(spanMs: number): Source {
  return spanMs > DOMAIN_DAILY_MAX_MS ? DOMAIN_MONTHLY : DOMAIN_DAILY;
}

interface DimensionValuesRequest {
  dimension: Dimension;
  fromMs: number;
  toMs: number;
  /** Case-insensitive prefix the values must start with. */
  prefix?: string;
  limit: number;
}

/** Rows are `{value, n}`; the value is always text (category is an Enum8 in its tables). */
export function dimensionValuesQuery(req: DimensionValuesRequest): PanelQuery {
  const { source: sourceFor, count } = COUNTED_IN[req.dimension];
  const source = sourceFor(req.toMs - req.fromMs);
  // The monthly rollup dates a month by its first day: start at the month holding `from`.
  const fromMs = source.time.col === 'month' ? startOfMonth(req.fromMs) : req.fromMs;
  const where = buildWhere(source, {}, fromMs, req.toMs);
  const prefix = req.prefix ? ' AND startsWith(lowerUTF8(toString(' + req.dimension + ')), lowerUTF8({prefix:String}))' : '';
  // The column is the dimension's own name, from the allow-list above; `value` and `n` are not
  // column names of any source, so ORDER BY reads the aliases.
  const sql = `
SELECT toString(${req.dimension}) AS value, ${count} AS n
FROM ${source.table}
${where.sql}${prefix}
GROUP BY value
ORDER BY n DESC, value
LIMIT {limit:UInt32}`;
  return {
    sql,
    params: { ...where.params, ...(req.prefix ? { prefix: req.prefix } : {}), limit: req.limit },
    source: source.table
  };
}

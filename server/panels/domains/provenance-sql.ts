import { GRAINS, type Dimension, type Grain } from '../../../src/lib/contract/filters';
import type { View } from '../definition';
import { pickRows, type RowSet } from '../month-split';
import { canServe, type Source } from '../source';
import { usedDimensions } from '../where';

/**
 * What the crawl panels share: the tables they read, cheapest first, and counting fragments that
 * read the same on a rollup and on the raw table, so each panel's SQL is written once.
 */

export const CRAWL_DIMENSIONS: Dimension[] = ['domain', 'tld', 'lang', 'content_type', 'crawl_source', 'detector'];
export const ALL_GRAINS: Grain[] = [...GRAINS];

/** The raw table: it answers any filter at any grain, at the cost of reading every document. */
export const CRAWL_RAW: Source = {
  table: 'crawl_documents',
  time: { col: 'ts', type: 'DateTime64' },
  dims: new Set<Dimension>(CRAWL_DIMENSIONS),
  finest: 'minute',
  rollup: false
};

/**
 * Sources of crawl counts by language and content type, cheapest first. The daily rollup leads:
 * at day grain or coarser it answers a month with a few thousand rows where the minute rollup
 * would read a row per minute; it cannot serve minute or hour grain, which go on to the minute
 * rollup (the last 90 days) and otherwise to the raw table.
 */
export const CRAWL_SOURCES: readonly Source[] = [
  {
    table: 'crawl_daily',
    time: { col: 'day', type: 'Date' },
    dims: new Set<Dimension>(['content_type', 'lang']),
    finest: 'day',
    rollup: true
  },
  {
    table: 'crawl_minute',
    time: { col: 'minute', type: 'DateTime' },
    dims: new Set<Dimension>(['content_type', 'lang']),
    finest: 'minute',
    // Kept 90 days; a day's margin keeps a window that starts at the edge on the raw table.
    retentionMs: 89 * 86_400_000,
    rollup: true
  },
  CRAWL_RAW
];

export const CRAWL_DAILY = CRAWL_SOURCES[0] as Source;

/**
 * crawl_daily's rows sorted by day first (migrations 0145-0147): what a panel that sums its
 * window reads, since a window of days (or a long window's ragged ends beside whole months) then
 * reads the granules of those days, where crawl_daily's key, day last, reads the whole year.
 */
const CRAWL_DAILY_BY_DAY: Source = { ...CRAWL_DAILY, table: 'crawl_daily_by_day' };

/** The same sources with the day-first daily rollup in front, for panels that sum their window. */
const CRAWL_WINDOW_SOURCES: readonly Source[] = [CRAWL_DAILY_BY_DAY, ...CRAWL_SOURCES.slice(1)];

/** Crawl counts by month (migration 0018): the whole months of long windows. */
const CRAWL_MONTHLY: Source = {
  table: 'crawl_monthly',
  time: { col: 'month', type: 'Date' },
  dims: new Set<Dimension>(['content_type', 'lang']),
  finest: 'month',
  rollup: true
};

/**
 * Crawl counts by day and provenance only (migrations 0132-0137): a view with no filter at day
 * grain or coarser, the AI share's and the tokens panel's defaults, reads four rows a period.
 */
export const PROVENANCE_DAILY: Source = {
  table: 'crawl_provenance_daily',
  time: { col: 'day', type: 'Date' },
  dims: new Set<Dimension>(),
  finest: 'day',
  rollup: true
};

/** Crawl counts by month and provenance only: the whole months beside PROVENANCE_DAILY. */
export const PROVENANCE_MONTHLY: Source = {
  table: 'crawl_provenance_monthly',
  time: { col: 'month', type: 'Date' },
  dims: new Set<Dimension>(),
  finest: 'month',
  rollup: true
};

/** The columns crawl_daily and crawl_monthly share. */
const CRAWL_COUNT_COLUMNS = ['content_type', 'lang', 'provenance', 'docs', 'tokens'];

/** Per-domain counts by day (migration 0010): the ragged ends of a top-N window. */
export const DOMAIN_DAILY: Source = {
  table: 'crawl_domain_daily',
  time: { col: 'day', type: 'Date' },
  dims: new Set<Dimension>(['domain', 'tld']),
  finest: 'day',
  rollup: true
};

/** Per-domain counts by month (migration 0012): the whole months of a top-N window. */
export const DOMAIN_MONTHLY: Source = {
  table: 'crawl_domain_monthly',
  time: { col: 'month', type: 'Date' },
  dims: new Set<Dimension>(['domain', 'tld']),
  finest: 'month',
  rollup: true
};

/** Document counts by score bin, detector and crawl source (migration 0014), then the raw table. */
export const DETECTOR_SOURCES: readonly Source[] = [
  {
    table: 'crawl_detector_daily',
    time: { col: 'day', type: 'Date' },
    dims: new Set<Dimension>(['crawl_source', 'detector']),
    finest: 'day',
    rollup: true
  },
  CRAWL_RAW
];

/** Histogram bins of the detector score: 20 of width 0.05; the rollup is built with the same. */
export const SCORE_BINS = 20;
/** The bin the detector rollup keeps documents without a score in. */
export const NO_SCORE_BIN = SCORE_BINS;

/**
 * The bin of a score on the raw table, as migration 0015 computes it for the rollup: the same
 * Float32 arithmetic, so a score lands in the same bin on both. A score of 1 joins the last bin.
 */
export const SCORE_BIN_EXPR = `least(toUInt8(floor(assumeNotNull(ai_score) * ${SCORE_BINS})), ${SCORE_BINS - 1})`;

/**
 * Counting fragments that read the same on a rollup (pre-summed docs, tokens) and on the raw
 * table (one row per document).
 */
export function crawlMeasures(rollup: boolean) {
  return rollup
    ? {
        docs: 'sum(docs)',
        tokens: 'sum(tokens)',
        docsIf: (c: string) => `sumIf(docs, ${c})`,
        tokensIf: (c: string) => `sumIf(tokens, ${c})`
      }
    : { docs: 'count()', tokens: 'sum(tokens)', docsIf: (c: string) => `countIf(${c})`, tokensIf: (c: string) => `sumIf(tokens, ${c})` };
}

/**
 * The rows a crawl-count panel reads (see pickRows): daily and monthly rollups, minute rollup,
 * raw; a panel that sums its window (`'window'`) reads the day-first daily rollup. A panel that
 * reads no column but provenance, docs and tokens (`provenanceOnly`) reads the provenance-only
 * rollups when the view has no filter and a grain they hold.
 */
export function crawlRows(view: View, axis: 'time' | 'window', forceRaw = false, provenanceOnly = false): RowSet {
  if (provenanceOnly && !forceRaw && canServe(PROVENANCE_DAILY, view.grain, usedDimensions(view.filters), view.fromMs, view.now))
    return pickRows(
      {
        sources: [PROVENANCE_DAILY, CRAWL_RAW],
        daily: PROVENANCE_DAILY,
        monthly: PROVENANCE_MONTHLY,
        columns: ['provenance', 'docs', 'tokens']
      },
      view,
      axis
    );
  const windowed = axis === 'window';
  return pickRows(
    {
      sources: windowed ? CRAWL_WINDOW_SOURCES : CRAWL_SOURCES,
      daily: windowed ? CRAWL_DAILY_BY_DAY : CRAWL_DAILY,
      monthly: CRAWL_MONTHLY,
      columns: CRAWL_COUNT_COLUMNS
    },
    view,
    axis,
    forceRaw
  );
}

import type { Grain } from '../../../src/lib/contract/filters';
import type { ColumnInfo, PanelInfo } from '../../../src/lib/contract/panels';
import { COMMON_CRAWL, INDEED, KOBAK } from '../../citations/sources';
import type { PanelDef, SqlPanel, View } from '../definition';
import { bucket, epochMs } from '../fragments';
import { chTime } from '../time';

/**
 * Panels over published series (the `series` table, loaded from the files the project ships or
 * imported): measured data, shown with its citation. Every query reads with FINAL, so an
 * observation sent again counts once, and opens with the series ids and the date range, the
 * table's sort key.
 */

/**
 * Indeed's sectors nearest to the freelance categories (clickhouse/seed/series/README.md):
 * Software Development for coding, Media & Communications for writing and photography, Arts &
 * Entertainment for design and illustration, then marketing, administrative assistance (data
 * entry) and information design & documentation (technical writing).
 */
const NEAREST_SECTORS = [
  'Software Development',
  'Media & Communications',
  'Arts & Entertainment',
  'Marketing',
  'Administrative Assistance',
  'Information Design & Documentation'
] as const;

/** Lines on the languages and domains charts unless `limit` says otherwise. */
const DEFAULT_LANGUAGES = 8;

function window(view: View, series: readonly string[]) {
  return {
    sql: `series IN {series:Array(String)} AND date >= toDate32({from:DateTime64(3, 'UTC')}) AND date <= toDate32({to:DateTime64(3, 'UTC')})`,
    params: { series, from: chTime(view.fromMs), to: chTime(view.toMs) }
  };
}

function info(p: Omit<PanelInfo, 'streams' | 'dimensions' | 'refresh_ms'>): PanelInfo {
  // Published series change only when a file is imported; ingest on the stream refreshes them.
  return { ...p, streams: ['series'], dimensions: [], refresh_ms: 3_600_000 };
}

const time: ColumnInfo = { name: 't', label: 'Date', role: 'time' };

const crawlVolume: SqlPanel = {
  kind: 'sql',
  info: info({
    id: 'published.crawl_volume',
    title: 'Common Crawl: size of each crawl',
    description:
      'Pages fetched, unique URLs and estimated unique content digests per Common Crawl crawl, dated to the Monday of the ISO week in its id (the oldest ids name only years: 1 January of the first). Source: Common Crawl, cc-crawl-statistics.',
    unit: 'count',
    chart: 'line',
    columns: [
      time,
      { name: 'crawl', label: 'Crawl', role: 'dimension' },
      { name: 'pages', label: 'Pages', role: 'measure', unit: 'count' },
      { name: 'urls', label: 'Unique URLs', role: 'measure', unit: 'count' },
      { name: 'digests', label: 'Unique content (digests, estimated)', role: 'measure', unit: 'count' }
    ],
    grains: ['day'],
    defaults: { from: '2008-01-01', to: 'now', grain: 'day' },
    citations: [COMMON_CRAWL]
  }),
  build(view) {
    const w = window(view, ['cc.pages', 'cc.urls', 'cc.digests']);
    return {
      sql: `
SELECT ${epochMs('date')} AS t, labels['crawl'] AS crawl,
  anyIf(value, series = 'cc.pages') AS pages, anyIf(value, series = 'cc.urls') AS urls, anyIf(value, series = 'cc.digests') AS digests
FROM series FINAL
WHERE ${w.sql}
GROUP BY date, crawl
ORDER BY t, crawl`,
      params: w.params,
      source: 'series'
    };
  }
};

const crawlLanguages: SqlPanel = {
  kind: 'sql',
  info: info({
    id: 'published.crawl_languages',
    title: 'Common Crawl: languages across crawls',
    description:
      "Share of each crawl's pages by primary language (the 8 largest in the window, or `limit`). Source: Common Crawl, cc-crawl-statistics.",
    unit: 'share',
    chart: 'line',
    columns: [
      time,
      { name: 'language', label: 'Language (ISO 639-3)', role: 'series' },
      { name: 'share', label: 'Share of pages', role: 'measure', unit: 'share' },
      { name: 'pages', label: 'Pages', role: 'measure', unit: 'count' }
    ],
    grains: ['day'],
    defaults: { from: '2018-01-01', to: 'now', grain: 'day' },
    citations: [COMMON_CRAWL]
  }),
  build(view) {
    const w = window(view, ['cc.lang.share', 'cc.lang.pages']);
    return {
      sql: `
SELECT ${epochMs('date')} AS t, labels['language'] AS language,
  anyIf(value, series = 'cc.lang.share') / 100 AS share, anyIf(value, series = 'cc.lang.pages') AS pages
FROM series FINAL
WHERE ${w.sql} AND labels['language'] IN (
  SELECT labels['language'] FROM series FINAL
  WHERE ${w.sql} AND series = 'cc.lang.share'
  GROUP BY labels['language'] ORDER BY avg(value) DESC, labels['language'] LIMIT {limit:UInt32}
)
GROUP BY date, language
ORDER BY t, share DESC`,
      params: { ...w.params, limit: view.filters.limit ?? DEFAULT_LANGUAGES },
      source: 'series'
    };
  }
};

const crawlTlds: SqlPanel = {
  kind: 'sql',
  info: info({
    id: 'published.crawl_tlds',
    title: 'Common Crawl: top-level domains by year',
    description:
      "Share of each year's crawled pages under each top-level domain (the 8 largest in the window, or `limit`), from Common Crawl's table of 16 selected domains; its mean over all years is left out. Source: Common Crawl, cc-crawl-statistics.",
    unit: 'share',
    chart: 'line',
    columns: [
      time,
      { name: 'tld', label: 'Top-level domain', role: 'series' },
      { name: 'share', label: 'Share of pages', role: 'measure', unit: 'share' }
    ],
    grains: ['day'],
    defaults: { from: '2009-01-01', to: 'now', grain: 'day' },
    citations: [COMMON_CRAWL]
  }),
  build(view) {
    const w = window(view, ['cc.tld.share']);
    return {
      sql: `
SELECT ${epochMs('date')} AS t, labels['tld'] AS tld, any(value) / 100 AS share
FROM series FINAL
WHERE ${w.sql} AND labels['tld'] IN (
  SELECT labels['tld'] FROM series FINAL WHERE ${w.sql}
  GROUP BY labels['tld'] ORDER BY avg(value) DESC, labels['tld'] LIMIT {limit:UInt32}
)
GROUP BY date, tld
ORDER BY t, share DESC`,
      params: { ...w.params, limit: view.filters.limit ?? DEFAULT_LANGUAGES },
      source: 'series'
    };
  }
};

const jobPostings: SqlPanel = {
  kind: 'sql',
  info: info({
    id: 'published.job_postings',
    title: 'Indeed job postings, sectors nearest to freelance work',
    description:
      'Indeed Hiring Lab postings index (US, seasonally adjusted, 2020-02-01 = 100) for Software Development, Media & Communications, Arts & Entertainment, Marketing, Administrative Assistance and Information Design & Documentation, averaged per week or month. Postings on a general job board, not a freelance platform. Source: Indeed Hiring Lab.',
    unit: 'index',
    chart: 'line',
    columns: [
      time,
      { name: 'sector', label: 'Sector', role: 'series' },
      { name: 'index', label: 'Postings index (2020-02-01 = 100)', role: 'measure', unit: 'index' }
    ],
    grains: ['day', 'week', 'month'],
    defaults: { from: '2020-01-01', to: 'now', grain: 'week' },
    citations: [INDEED]
  }),
  build(view) {
    const w = window(view, ['indeed.postings']);
    const grain: Grain = view.grain === 'day' || view.grain === 'month' ? view.grain : 'week';
    return {
      sql: `
SELECT ${epochMs(bucket(grain, 'date'))} AS t, labels['sector'] AS sector, round(avg(value), 2) AS index
FROM series FINAL
WHERE ${w.sql} AND labels['sector'] IN {sectors:Array(String)} AND labels['variable'] IN ('', 'total postings')
GROUP BY t, sector
ORDER BY t, indexOf({sectors:Array(String)}, sector)`,
      params: { ...w.params, sectors: [...NEAREST_SECTORS] },
      source: 'series'
    };
  }
};

export const llmWords: SqlPanel = {
  kind: 'sql',
  info: info({
    id: 'published.llm_words',
    title: 'LLM-marker words in scientific abstracts',
    description:
      'Share of PubMed abstracts per year containing each word (log scale). "delves", "crucial", "potential", "significant" and "these" rose after 2022 ("delves" about 48-fold from 2022 to 2024) as LLM-edited writing spread; "pandemic", "ebola" and "convolutional" show jumps driven by events and methods, for comparison. Source: Kobak et al. 2024.',
    unit: 'share',
    chart: 'line',
    columns: [
      time,
      { name: 'word', label: 'Word', role: 'series' },
      { name: 'share', label: 'Share of abstracts', role: 'measure', unit: 'share' }
    ],
    grains: ['day'],
    defaults: { from: '2010-01-01', to: 'now', grain: 'day' },
    citations: [KOBAK],
    log_scale: true
  }),
  build(view) {
    const w = window(view, ['pubmed.word_share']);
    return {
      sql: `
SELECT ${epochMs('date')} AS t, labels['word'] AS word, any(value) AS share
FROM series FINAL
WHERE ${w.sql}
GROUP BY date, word
ORDER BY t, word`,
      params: w.params,
      source: 'series'
    };
  }
};

/** The published-series panels, in catalogue order. */
export const PUBLISHED_PANELS: PanelDef[] = [crawlVolume, crawlLanguages, crawlTlds, jobPostings, llmWords];

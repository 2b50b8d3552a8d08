import { MARKER_WINDOW_WORDS, markerGroup } from '../../warc/markers';
import type { ComputedPanel } from '../definition';
import { PANEL_TIMEOUT_S } from '../run';
import { chTime } from '../time';
import { AFTER_CHATGPT_MS, type MonthGroups, type YearGroups } from './marker-baseline';
import { MARKER_BOOTSTRAP } from './marker-bootstrap';
import { markerGroupRows } from './marker-groups';

interface GroupRow {
  group_year: number;
  docs: number;
  marker_docs: number;
}

/** Rows of (key, group_year) into one entry per key: group 0's documents, the others' marker counts. */
function collect<K extends 't' | 'year'>(rows: readonly (GroupRow & Record<K, number>)[], key: K) {
  const out = new Map<number, { docs: number; groups: Map<number, number> }>();
  for (const r of rows) {
    const k = Number(r[key]);
    const e = out.get(k) ?? { docs: 0, groups: new Map<number, number>() };
    if (Number(r.group_year) === 0) e.docs += Number(r.docs);
    else e.groups.set(Number(r.group_year), Number(r.marker_docs));
    out.set(k, e);
  }
  return [...out].sort((a, b) => a[0] - b[0]);
}

/**
 * The marker-word estimate of LLM-processed text (Kobak et al. 2024) as a panel: two small
 * reads of the crawl_marker_window_monthly rollup, the window's months and the pre-ChatGPT years
 * (whatever the window, the baseline comes from all of them), then per word group the baseline
 * in marker-baseline.ts (marker-groups.ts).
 */
export const markerWords: ComputedPanel = {
  kind: 'computed',
  info: {
    id: 'provenance.marker_words',
    title: 'Excess marker words: a lower bound on LLM-edited crawled documents',
    description:
      'A lower bound, with words found in PubMed abstracts: web pages of other kinds may use them at other rates. ' +
      'Share of crawled documents (from imported crawl files) whose first ' +
      `${MARKER_WINDOW_WORDS} words hold a marker word of the year measured: the style words with excess in that year in ` +
      'Kobak, González-Márquez, Horvát & Lause (2024), "Delving into ChatGPT usage in academic writing through excess vocabulary" (MIT); ' +
      'the shipped group is their 291 style words of 2024 below 2% frequency, the group of their headline bound, so only 2024 has an estimate. ' +
      `Every document counted offers the same ${MARKER_WINDOW_WORDS} words, so longer pages do not raise the share; shorter documents are left out. ` +
      'The baseline is the paper’s counterfactual for the same group: the last two pre-ChatGPT years’ shares, their rise (never a fall) carried forward per year; ' +
      'the excess (share minus baseline) is a lower bound on the share of documents written or edited with an LLM. ' +
      `The band is a bootstrap over documents (${MARKER_BOOTSTRAP.resamples} resamples, ${MARKER_BOOTSTRAP.credibility}%): chance in which documents were crawled, not the method's error. ` +
      'Groups exist for English only; other languages are not counted. A document counts in the month it was crawled, which stands in for when it was written.',
    unit: 'share',
    chart: 'line',
    citations: [
      {
        source:
          'Kobak, González-Márquez, Horvát & Lause, "Delving into ChatGPT usage in academic writing through excess vocabulary", arXiv:2406.07016 (2024)',
        licence: 'MIT',
        url: 'https://github.com/berenslab/llm-excess-vocab',
        kind: 'method'
      }
    ],
    columns: [
      { name: 't', label: 'Month', role: 'time' },
      { name: 'group_year', label: 'Marker group (year of its excess words)', role: 'dimension' },
      { name: 'docs', label: `Documents of ${MARKER_WINDOW_WORDS}+ words scanned`, role: 'measure', unit: 'count' },
      {
        name: 'marker_docs',
        label: `Documents with a marker word in their first ${MARKER_WINDOW_WORDS} words`,
        role: 'measure',
        unit: 'count'
      },
      { name: 'marker_share', label: 'Marker-word share', role: 'measure', unit: 'share' },
      { name: 'baseline_share', label: 'Baseline (pre-ChatGPT trend)', role: 'measure', unit: 'share' },
      { name: 'excess_share', label: 'Excess (lower bound on LLM share)', role: 'measure', unit: 'share', difference: true },
      { name: 'excess_lo', label: 'Excess, 2.5th percentile (bootstrap over documents)', role: 'measure', unit: 'share', difference: true },
      { name: 'excess_hi', label: 'Excess, 97.5th percentile (bootstrap over documents)', role: 'measure', unit: 'share', difference: true }
    ],
    streams: ['crawl'],
    // crawl_records holds imported crawl files only; the simulator writes crawl documents.
    simulated_via: [],
    origin: 'measured',
    dimensions: ['lang'],
    grains: ['month'],
    defaults: { from: 'now-6y', to: 'now', grain: 'month' },
    refresh_ms: 60_000
  },
  // It reads crawl files' records alone: a crawl NDJSON write, which has none, leaves it as it was.
  changedBy: ['crawl_files'],
  async compute(engine, view, tag) {
    const langs = view.filters.lang ?? [];
    const langWhere = langs.length > 0 ? 'AND lang IN {langs:Array(String)}' : '';
    const params = { from: chTime(view.fromMs), to: chTime(view.toMs), after: chTime(AFTER_CHATGPT_MS), langs };
    const [months, years] = await Promise.all([
      engine.rows<GroupRow & { t: number }>(
        `SELECT toInt64(toUnixTimestamp(toDateTime(month, 'UTC'))) * 1000 AS t, group_year, sum(docs) AS docs, sum(marker_docs) AS marker_docs
         FROM crawl_marker_window_monthly
         WHERE month >= toStartOfMonth(toDate({from:DateTime64(3, 'UTC')})) AND month <= toDate({to:DateTime64(3, 'UTC')}) ${langWhere}
         GROUP BY month, group_year ORDER BY month, group_year`,
        { tag, params, timeoutS: PANEL_TIMEOUT_S }
      ),
      engine.rows<GroupRow & { year: number }>(
        `SELECT toYear(month) AS year, group_year, sum(docs) AS docs, sum(marker_docs) AS marker_docs
         FROM crawl_marker_window_monthly
         WHERE month < toDate({after:DateTime64(3, 'UTC')}) ${langWhere}
         GROUP BY year, group_year ORDER BY year, group_year`,
        { tag: `${tag}.baseline`, params, timeoutS: PANEL_TIMEOUT_S }
      )
    ]);
    const group = markerGroup();
    const groupYears = [...new Set((langs.length > 0 ? langs : group.languages).flatMap((l) => group.years(l)))].sort((a, b) => a - b);
    const monthGroups: MonthGroups[] = collect(months, 't').map(([t, e]) => ({ t, ...e }));
    const yearGroups: YearGroups[] = collect(years, 'year').map(([year, e]) => ({ year, ...e }));
    return markerGroupRows(monthGroups, yearGroups, groupYears);
  }
};

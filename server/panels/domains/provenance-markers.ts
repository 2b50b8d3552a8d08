import type { ComputedPanel } from '../definition';
import { PANEL_TIMEOUT_S } from '../run';
import { chTime } from '../time';
import { AFTER_CHATGPT_MS, markerRows, type MonthCounts, type YearCounts } from './marker-baseline';
import { MARKER_BOOTSTRAP, withExcessInterval } from './marker-bootstrap';

/**
 * The marker-word estimate of LLM-processed text (Kobak et al. 2024) as a panel: two small
 * reads of the crawl_marker_monthly rollup, the window's months and the pre-ChatGPT years
 * (whatever the window, the baseline comes from all of them), then the baseline in
 * marker-baseline.ts.
 */
export const markerWords: ComputedPanel = {
  kind: 'computed',
  info: {
    id: 'provenance.marker_words',
    title: 'Excess marker words: a lower bound on LLM-edited crawled documents',
    description:
      'Share of crawled documents (from imported crawl files) that contain at least one marker word: the style words of the excess-vocabulary list ' +
      'of Kobak, González-Márquez, Horvát & Lause (2024), "Delving into ChatGPT usage in academic writing through excess vocabulary" (MIT). ' +
      'The baseline is the paper’s counterfactual: the last two pre-ChatGPT years’ shares, their rise (never a fall) carried forward per year; ' +
      'the excess (share minus baseline, from December 2022) is a lower bound on the share of documents written or edited with an LLM. ' +
      `The interval is a bootstrap over documents (${MARKER_BOOTSTRAP.resamples} resamples, ${MARKER_BOOTSTRAP.credibility}%): chance in which documents were crawled, not the method's error. ` +
      'Marker groups exist for English only; other languages are not counted. Measured from the text itself, unlike the label-based AI share. ' +
      'Caveats: the words were found in PubMed abstracts, and web text of other kinds may use them at other rates; the group is all 407 style words ' +
      "with excess in any year 2013-2024, function words (these, were, using) and pandemic-era words (during, amid) included, where the paper's " +
      'bound for a year uses the words with excess in that year; a longer document is more likely to hold one of 407 words, and document length is ' +
      'not controlled for; a document counts in the month it was crawled, which stands in for when it was written.',
    unit: 'share',
    chart: 'line',
    columns: [
      { name: 't', label: 'Month', role: 'time' },
      { name: 'docs', label: 'Documents scanned', role: 'measure', unit: 'count' },
      { name: 'marker_docs', label: 'Documents with a marker word', role: 'measure', unit: 'count' },
      { name: 'marker_share', label: 'Marker-word share', role: 'measure', unit: 'share' },
      { name: 'baseline_share', label: 'Baseline (pre-ChatGPT trend)', role: 'measure', unit: 'share' },
      { name: 'excess_share', label: 'Excess (lower bound on LLM share)', role: 'measure', unit: 'share' },
      { name: 'excess_lo', label: 'Excess, 2.5th percentile (bootstrap over documents)', role: 'measure', unit: 'share' },
      { name: 'excess_hi', label: 'Excess, 97.5th percentile (bootstrap over documents)', role: 'measure', unit: 'share' }
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
  async compute(engine, view, tag) {
    const langs = view.filters.lang ?? [];
    const langWhere = langs.length > 0 ? 'AND lang IN {langs:Array(String)}' : '';
    const params = { from: chTime(view.fromMs), to: chTime(view.toMs), after: chTime(AFTER_CHATGPT_MS), langs };
    const [months, years] = await Promise.all([
      engine.rows<MonthCounts>(
        `SELECT toInt64(toUnixTimestamp(toDateTime(month, 'UTC'))) * 1000 AS t, sum(docs) AS docs, sum(marker_docs) AS marker_docs
         FROM crawl_marker_monthly
         WHERE month >= toStartOfMonth(toDate({from:DateTime64(3, 'UTC')})) AND month <= toDate({to:DateTime64(3, 'UTC')}) ${langWhere}
         GROUP BY month ORDER BY month`,
        { tag, params, timeoutS: PANEL_TIMEOUT_S }
      ),
      engine.rows<YearCounts>(
        `SELECT toYear(month) AS year, sum(docs) AS docs, sum(marker_docs) AS marker_docs
         FROM crawl_marker_monthly
         WHERE month < toDate({after:DateTime64(3, 'UTC')}) ${langWhere}
         GROUP BY year ORDER BY year`,
        { tag: `${tag}.baseline`, params, timeoutS: PANEL_TIMEOUT_S }
      )
    ]);
    const num = (r: MonthCounts | YearCounts) => ({ docs: Number(r.docs), marker_docs: Number(r.marker_docs) });
    const monthCounts = months.map((m) => ({ t: Number(m.t), ...num(m) }));
    const yearCounts = years.map((y) => ({ year: Number(y.year), ...num(y) }));
    return withExcessInterval(markerRows(monthCounts, yearCounts), monthCounts, yearCounts);
  }
};

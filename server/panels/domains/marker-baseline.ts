// The counterfactual of the marker-word estimate (Kobak et al. 2024): what share of documents
// would hold a marker word had LLMs not arrived, from the trend of the pre-ChatGPT years.
// Pure, so the method is tested on its own and stated once.
import type { PanelRow } from '../../../src/lib/contract/socket';

/** ChatGPT was released on 30 November 2022: months from December 2022 on are "after". */
export const AFTER_CHATGPT_MS = Date.UTC(2022, 11, 1);

export interface Counts {
  docs: number;
  marker_docs: number;
}

export interface YearCounts extends Counts {
  year: number;
}

export interface MonthCounts extends Counts {
  /** Month start, epoch ms. */
  t: number;
}

/**
 * The paper's counterfactual, q = p(-1) + k * max(p(-1) - p(-2), 0), on calendar years: p(-1)
 * and p(-2) are the marker shares of the last two pre-ChatGPT years the data holds (2022 counts
 * its January to November), k the years from the last of them. Only a rising trend is carried
 * forward, which makes q larger and the excess a more conservative bound. With one pre-ChatGPT
 * year the baseline is that year's share, flat; with none there is no baseline. Capped at 1.
 */
export function baselineFor(preYears: readonly YearCounts[]): ((year: number) => number) | null {
  const years = preYears.filter((y) => y.docs > 0).sort((a, b) => a.year - b.year);
  const last = years.at(-1);
  if (!last) return null;
  const before = years.at(-2);
  const p1 = last.marker_docs / last.docs;
  const slope = before ? Math.max(p1 - before.marker_docs / before.docs, 0) / (last.year - before.year) : 0;
  return (year) => Math.min(1, p1 + slope * (year - last.year));
}

/**
 * Panel rows: per month the share of documents with a marker word and, from December 2022, the
 * baseline and the excess (share minus baseline), a lower bound on the share of documents written
 * or edited with an LLM. Months before have no baseline and no excess.
 */
export function markerRows(months: readonly MonthCounts[], preYears: readonly YearCounts[]): PanelRow[] {
  const baseline = baselineFor(preYears);
  return months.map((m) => {
    const share = m.docs > 0 ? m.marker_docs / m.docs : null;
    const q = baseline && m.t >= AFTER_CHATGPT_MS ? baseline(new Date(m.t).getUTCFullYear()) : null;
    return {
      t: m.t,
      docs: m.docs,
      marker_docs: m.marker_docs,
      marker_share: share,
      baseline_share: q,
      excess_share: q !== null && share !== null ? share - q : null
    };
  });
}

/** A month's windowed documents and, per marker group (the year whose excess words it holds), how many held one of its words. */
export interface MonthGroups {
  t: number;
  docs: number;
  groups: ReadonlyMap<number, number>;
}

/** The same per calendar year, for the pre-ChatGPT years behind the baseline. */
export interface YearGroups {
  year: number;
  docs: number;
  groups: ReadonlyMap<number, number>;
}

/**
 * The group a month is counted with. After ChatGPT, the group of the month's own year: the
 * paper's bound for a year uses the words with excess in that year, so a month of a year without
 * a group of its own has no estimate (null) rather than another year's words. Before ChatGPT,
 * the latest group, so the chart shows the years its baseline comes from.
 */
export function groupFor(t: number, groupYears: readonly number[]): number | null {
  if (t < AFTER_CHATGPT_MS) return groupYears.length > 0 ? Math.max(...groupYears) : null;
  const year = new Date(t).getUTCFullYear();
  return groupYears.includes(year) ? year : null;
}

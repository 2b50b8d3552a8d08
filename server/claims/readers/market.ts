// Evidence from the freelance market's panels: postings against their pre-ChatGPT level, and
// budgets per posting. The market stream is the simulator's until a producer sends postings,
// and the simulator is calibrated to the very studies these claims cite: then a reading can
// illustrate a claim, never test it.
import type { PanelRow } from '../../../src/lib/contract/socket';
import { BASELINE } from '../../panels/domains/market-index';
import { num, round, signed, type Reader } from './reader';

/** Demirci et al.'s automation-prone categories (writing, coding) and their control ("other"). */
const AUTOMATION_PRONE = ['writing', 'coding'];
const MANUAL = 'other';

/** Each category's index at the latest period that has the writing index, and its postings. */
function latestByCategory(rows: readonly PanelRow[]): Map<string, { index: number; postings: number }> {
  const last = [...rows].reverse().find((r) => r.category === 'writing' && num(r.index) !== null);
  const out = new Map<string, { index: number; postings: number }>();
  if (!last) return out;
  for (const r of rows) {
    const index = num(r.index);
    const postings = num(r.postings);
    if (r.t === last.t && typeof r.category === 'string' && index !== null && index > 0 && postings !== null)
      out.set(r.category, { index, postings });
  }
  return out;
}

/** Several categories' postings as one index: their postings over their baselines' postings. */
function pooledIndex(cats: readonly { index: number; postings: number }[]): number | null {
  const postings = cats.reduce((a, c) => a + c.postings, 0);
  const base = cats.reduce((a, c) => a + (c.postings * 100) / c.index, 0);
  return base > 0 ? (postings * 100) / base : null;
}

export const postingsIndex: Reader = {
  filters: { from: 'now-90d', to: 'now', grain: 'month' },
  read(rows, claim, simulated) {
    const latest = latestByCategory(rows);
    const writing = latest.get('writing');
    if (!writing) return null;
    const value = round(writing.index - 100, 1);
    const prone = pooledIndex(AUTOMATION_PRONE.flatMap((c) => latest.get(c) ?? []));
    const manual = latest.get(MANUAL);
    const relative = prone !== null && manual ? round((prone / manual.index - 1) * 100, 1) : null;
    const head =
      `Writing postings in the latest month stand at ${signed(value)} against their pre-ChatGPT level` +
      (relative !== null
        ? `, and writing and coding postings together at ${signed(relative)} against manual-intensive ("other") postings. `
        : '. ');
    const scope =
      claim.source.kind === 'survey'
        ? "Postings on a market stream are not firms' revenues nor freelancers' workload, so this neither confirms nor refutes the survey's percentages; it says only whether demand for writing work fell."
        : "The index compares each category's postings with its own pre-ChatGPT mean on the postings this observatory receives, at the latest month; " +
          "the claim's study compares automation-prone with manual-intensive job posts on one platform, within eight months of ChatGPT's release (a difference-in-differences estimate). " +
          'The second figure is the nearer quantity; neither is the same measurement.';
    return {
      label: 'Writing postings, latest month, against their pre-ChatGPT level (2020-01-01 to 2022-11-30)',
      value,
      unit: '%',
      reading:
        head +
        scope +
        (simulated
          ? " The market stream here is the simulator's, calibrated to Demirci et al. (2025): it restates that study, it cannot test it."
          : '')
    };
  }
};

export const rates: Reader = {
  filters: { from: '2021-01-01', to: 'now', category: ['writing'], grain: 'month' },
  read(rows, _claim, simulated) {
    const medians = rows
      .map((r) => ({ t: num(r.t), median: num(r.median_fixed) }))
      .filter((r): r is { t: number; median: number } => r.t !== null && r.median !== null && r.median > 0);
    // Months that start before ChatGPT's release; November 2022 is all but its last day.
    const before = medians.filter((r) => r.t < BASELINE.toMs);
    const last = medians[medians.length - 1];
    if (before.length === 0 || !last || last.t < BASELINE.toMs) return null;
    const base = before.reduce((a, r) => a + r.median, 0) / before.length;
    const value = round((last.median / base - 1) * 100, 1);
    return {
      label: 'Median fixed budget of writing postings, latest month, against its mean before ChatGPT (months from 2021)',
      value,
      unit: '%',
      reading:
        `The median fixed budget of a writing posting is ${signed(value)} against its pre-ChatGPT mean ($${round(last.median, 2)} against $${round(base, 2)}). ` +
        "A budget is what a client offers for one posting, not what a freelancer earns in a month: fewer jobs at unchanged budgets lower earnings without moving this figure, so it speaks to prices, not to the claim's earnings." +
        (simulated
          ? " The market stream here is the simulator's, whose writing budgets are cut by Hui et al.'s 5.2%: it restates that figure, it cannot test it."
          : '')
    };
  }
};

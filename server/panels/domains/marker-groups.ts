// The marker-word estimate over year-specific word groups: each month is compared with the
// group of its own year and that group's own pre-ChatGPT baseline (marker-baseline.ts), with the
// bootstrap interval of marker-bootstrap.ts, group by group.
import type { PanelRow } from '../../../src/lib/contract/socket';
import { groupFor, markerRows, type MonthCounts, type MonthGroups, type YearCounts, type YearGroups } from './marker-baseline';
import { withExcessInterval } from './marker-bootstrap';

const EMPTY = { marker_docs: null, marker_share: null, baseline_share: null, excess_share: null, excess_lo: null, excess_hi: null };

/**
 * Panel rows, one per month: `group_year` names the group its counts are of (null: the month's
 * year has no group, so no share and no excess); the rest as markerRows and withExcessInterval.
 */
export function markerGroupRows(
  months: readonly MonthGroups[],
  preYears: readonly YearGroups[],
  groupYears: readonly number[],
  opts: { resamples?: number; seed?: number } = {}
): PanelRow[] {
  const out: PanelRow[] = months.map((m) => ({ t: m.t, group_year: null, docs: m.docs, ...EMPTY }));
  const byGroup = new Map<number, number[]>();
  months.forEach((m, i) => {
    const g = groupFor(m.t, groupYears);
    if (g === null) return;
    byGroup.set(g, [...(byGroup.get(g) ?? []), i]);
  });
  for (const [g, idx] of [...byGroup].sort((a, b) => a[0] - b[0])) {
    const counts: MonthCounts[] = idx.map((i) => {
      const m = months[i] as MonthGroups;
      return { t: m.t, docs: m.docs, marker_docs: m.groups.get(g) ?? 0 };
    });
    const years: YearCounts[] = preYears.map((y) => ({ year: y.year, docs: y.docs, marker_docs: y.groups.get(g) ?? 0 }));
    const rows = withExcessInterval(markerRows(counts, years), counts, years, opts);
    idx.forEach((i, k) => {
      out[i] = { t: out[i]?.t ?? 0, group_year: g, ...rows[k] };
    });
  }
  return out;
}

import { compact, decimalYear, fixed, percent, points, signedPercent } from './format';
import { num } from './options/columns';
import type { PanelFilters } from '../contract/filters';
import type { PanelId } from '../contract/panels';
import type { PanelRow } from '../contract/socket';

/** A headline number with the line under it that says what it is compared with. */
export interface Headline {
  value: string;
  detail: string;
  /** Which way the number moved, for an arrow; none when there is nothing to compare. */
  trend?: 'up' | 'down' | 'flat';
}

/**
 * The headline tiles of the overview and the wall. Each one names the panel and view it derives
 * from and turns that panel's rows into one number; the views are small (a few buckets), so the
 * tiles cost a handful of rows each.
 */
export interface HeadlineDef {
  id: string;
  label: string;
  panel: PanelId;
  filters: PanelFilters;
  derive: (rows: readonly PanelRow[]) => Headline | null;
}

const YEAR_MS = 365.25 * 86_400_000;

function trendOf(delta: number, eps = 1e-9): 'up' | 'down' | 'flat' {
  return delta > eps ? 'up' : delta < -eps ? 'down' : 'flat';
}

/** The row whose time is closest to `t`. */
function nearest(rows: readonly PanelRow[], t: number): PanelRow | undefined {
  let best: PanelRow | undefined;
  let gap = Infinity;
  for (const r of rows) {
    const d = Math.abs((num(r.t) ?? Infinity) - t);
    if (d < gap) {
      gap = d;
      best = r;
    }
  }
  return best;
}

/** AI share of new tokens this month, and its change from the same month a year earlier. */
export function aiShareHeadline(rows: readonly PanelRow[]): Headline | null {
  const last = rows[rows.length - 1];
  const now = num(last?.ai);
  if (!last || now === null) return null;
  const before = nearest(rows, (num(last.t) ?? 0) - YEAR_MS);
  const then = before && before !== last ? num(before.ai) : null;
  if (then === null) return { value: percent(now), detail: 'of new tokens this month' };
  return { value: percent(now), detail: `${points(now - then)} vs a year ago`, trend: trendOf(now - then, 0.0005) };
}

/**
 * Human tokens crawled this month so far (daily rows), their share of all new tokens, and the
 * same days of last month: a month in progress compared with a whole one reads as a collapse.
 */
export function humanTokensHeadline(rows: readonly PanelRow[]): Headline | null {
  const days = rows.flatMap((r) => {
    const t = num(r.t);
    return t === null ? [] : [{ t, human: num(r.human) ?? 0, tokens: num(r.tokens) ?? 0 }];
  });
  if (days.length === 0) return null;
  const lastDay = Math.max(...days.map((d) => d.t));
  const end = new Date(lastDay);
  const monthStart = Date.UTC(end.getUTCFullYear(), end.getUTCMonth(), 1);
  const dayOfMonth = end.getUTCDate();
  const prevStart = Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - 1, 1);
  // Day 1 to the same day number of last month, or to its end when it is shorter.
  const prevEnd = Math.min(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - 1, dayOfMonth), monthStart - 86_400_000);
  const sum = (from: number, to: number, k: 'human' | 'tokens') =>
    days.filter((d) => d.t >= from && d.t <= to).reduce((a, d) => a + d[k], 0);
  const human = sum(monthStart, lastDay, 'human');
  const all = sum(monthStart, lastDay, 'tokens');
  const hasPrev = days.some((d) => d.t >= prevStart && d.t <= prevEnd);
  const prev = sum(prevStart, prevEnd, 'human');
  const share = all ? `${percent(human / all)} of new tokens` : 'so far';
  if (!hasPrev) return { value: `${compact(human)} tokens`, detail: share };
  const change = prev > 0 ? human / prev - 1 : 0;
  return {
    value: `${compact(human)} tokens`,
    detail: `${share}; days 1–${dayOfMonth} of last month ${compact(prev)}`,
    trend: trendOf(change, 0.005)
  };
}

/**
 * The writing-postings index (pre-ChatGPT mean week = 100), averaged over the full weeks of the
 * view: the week in progress and the week cut by the window's start hold too few postings to
 * stand alone, and one week swings by ±15 points on its own.
 */
export function postingsHeadline(rows: readonly PanelRow[]): Headline | null {
  const full = rows.length >= 3 ? rows.slice(1, -1) : rows;
  const values = full.map((r) => num(r.index)).filter((v): v is number => v !== null);
  if (values.length === 0) return null;
  const idx = values.reduce((a, b) => a + b, 0) / values.length;
  const change = idx / 100 - 1;
  return {
    value: fixed(idx, 1),
    // Short enough for two lines of a laptop's tile.
    detail: `${signedPercent(change)} vs pre-ChatGPT mean, last ${values.length} full weeks`,
    trend: trendOf(change, 0.005)
  };
}

/**
 * Distinct-1 (unique words per word) of the latest generation against generation 0, for the
 * fully recursive model when there is one: the collapse Shumailov et al. describe.
 */
export function diversityHeadline(rows: readonly PanelRow[]): Headline | null {
  const models = [...new Set(rows.map((r) => String(r.model)))];
  const model = models.includes('recursive') ? 'recursive' : models[0];
  const mine = rows
    .filter((r) => String(r.model) === model && num(r.distinct_1) !== null && num(r.generation) !== null)
    .sort((a, b) => (num(a.generation) as number) - (num(b.generation) as number));
  const first = mine[0];
  const last = mine[mine.length - 1];
  if (!first || !last || first === last) return null;
  const a = num(first.distinct_1) as number;
  const b = num(last.distinct_1) as number;
  const change = a > 0 ? b / a - 1 : 0;
  return {
    value: `${change >= 0 ? '+' : ''}${(change * 100).toFixed(0)}%`,
    detail: `distinct-1, generation ${String(last.generation)} vs 0 (${fixed(b, 3)} vs ${fixed(a, 3)})`,
    trend: trendOf(change, 0.005)
  };
}

/** The median year the stock of human text is used up, with its 80% interval. */
export function peakDataHeadline(rows: readonly PanelRow[]): Headline | null {
  const r = rows[0];
  const median = num(r?.exhaustion_median);
  if (!r || median === null) return null;
  const lo = num(r.exhaustion_p10);
  const hi = num(r.exhaustion_p90);
  return { value: decimalYear(median), detail: `80% interval ${decimalYear(lo)}–${hi === null ? 'beyond horizon' : decimalYear(hi)}` };
}

export const HEADLINES: HeadlineDef[] = [
  {
    id: 'ai_share',
    label: 'AI share of new tokens',
    panel: 'provenance.ai_share',
    filters: { from: 'now-13mo', grain: 'month' },
    derive: aiShareHeadline
  },
  {
    id: 'human_tokens',
    label: 'Human tokens this month so far',
    panel: 'provenance.human_tokens',
    filters: { from: 'now-2mo', grain: 'day' },
    derive: humanTokensHeadline
  },
  {
    id: 'writing_postings',
    label: 'Freelance writing postings',
    panel: 'market.postings_index',
    filters: { from: 'now-5w', grain: 'week', category: ['writing'] },
    derive: postingsHeadline
  },
  {
    id: 'diversity',
    label: 'Diversity, latest generation',
    panel: 'diversity.by_generation',
    filters: {},
    derive: diversityHeadline
  },
  {
    id: 'peak_data',
    label: 'Peak data: median year',
    panel: 'forecast.peak_data',
    filters: {},
    derive: peakDataHeadline
  }
];

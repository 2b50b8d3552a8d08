// How a forecast input reads in a table, the same in the explorer's what-if and in the report:
// the unit's words decide the form, since inputs carry descriptive units ("web pages",
// "factor per year (historical projection)") rather than the panel units format.ts knows.
import type { Assumption } from '../contract/forecast';
import { compact, percent } from './format';

/**
 * One value of an input: shares in percent, factors with "×", base-10 logarithms as they are,
 * every other quantity (tokens, pages, bytes, epochs) with SI suffixes, scientific past E.
 */
export function formatInput(v: number | undefined, unit: string): string {
  if (v === undefined || !Number.isFinite(v)) return '–';
  if (unit.startsWith('share')) return percent(v);
  if (unit.startsWith('factor') || unit.startsWith('x ')) return `${Number(v.toPrecision(3))}×`;
  // A logarithm is already a small number; a suffix on it would read as a count.
  if (unit.startsWith('log10')) return String(Number(v.toPrecision(3)));
  return compact(v);
}

/** The input's central interval with its credibility ("1e14 – 1e15 (90%)"), or "–" without one. */
export function inputInterval(a: Assumption): string {
  if (a.p5 !== undefined && a.p95 !== undefined) return `${formatInput(a.p5, a.unit)} – ${formatInput(a.p95, a.unit)} (90%)`;
  if (a.lo !== undefined && a.hi !== undefined) {
    const cred = a.credibility !== undefined && a.credibility < 100 ? `(${a.credibility}%)` : '(range)';
    return `${formatInput(a.lo, a.unit)} – ${formatInput(a.hi, a.unit)} ${cred}`;
  }
  return '–';
}

/**
 * Number formats for people: 1.2T tokens, 52.3%, 2028.4 → "2028". Used by charts, tiles and
 * tables alike so the same number reads the same everywhere.
 */

const SI = [
  { v: 1e15, s: 'P' },
  { v: 1e12, s: 'T' },
  { v: 1e9, s: 'B' },
  { v: 1e6, s: 'M' },
  { v: 1e3, s: 'k' }
] as const;

/** 1234 → "1.2k", 3.1e14 → "310T". Tokens, documents, postings. */
export function compact(n: number | null | undefined, digits = 1): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '–';
  const a = Math.abs(n);
  for (const { v, s } of SI) {
    if (a >= v) {
      const x = n / v;
      return `${x >= 100 ? x.toFixed(0) : x.toFixed(digits).replace(/\.0$/, '')}${s}`;
    }
  }
  return a >= 10 || Number.isInteger(n) ? n.toFixed(0) : n.toFixed(digits);
}

/** 0.523 → "52.3%". */
export function percent(share: number | null | undefined, digits = 1): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return '–';
  return `${(share * 100).toFixed(digits)}%`;
}

/** Signed change in percentage points: 0.031 → "+3.1 pp". */
export function points(delta: number | null | undefined, digits = 1): string {
  if (delta === null || delta === undefined || !Number.isFinite(delta)) return '–';
  const v = (delta * 100).toFixed(digits);
  return `${delta >= 0 ? '+' : ''}${v} pp`;
}

/** A time in epoch ms as a short UTC date for axes and tables. */
export function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** "12 s", "4 min", "3 h": how long ago, for staleness notices. */
export function age(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 90) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 90) return `${m} min`;
  return `${Math.round(m / 60)} h`;
}

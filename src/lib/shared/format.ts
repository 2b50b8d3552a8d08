/**
 * Number formats for people: 1.2T tokens, 52.3%, 2028.4 → "2028". Used by charts, tiles and
 * tables alike so the same number reads the same everywhere.
 */

// Through E (10^18): training compute reaches 10^25 FLOP, so past E the number is written in
// scientific notation rather than as "6900000P".
const SI = [
  { v: 1e18, s: 'E' },
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
  if (a >= 1e21) return n.toExponential(digits).replace('e+', 'e');
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

/** Signed relative change: 0.12 → "+12.0%", -0.05 → "−5.0%"; a rise always shows its sign. */
export function signedPercent(change: number | null | undefined, digits = 1): string {
  if (change === null || change === undefined || !Number.isFinite(change)) return '–';
  return `${change > 0 ? '+' : change < 0 ? '−' : ''}${Math.abs(change * 100).toFixed(digits)}%`;
}

/** "12 s", "4 min", "3 h": how long ago, for staleness notices. */
export function age(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 90) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 90) return `${m} min`;
  return `${Math.round(m / 60)} h`;
}

/** 2028.37 → "2028.4": decimal years keep one digit, enough to tell spring from autumn. */
export function decimalYear(y: number | null | undefined): string {
  if (y === null || y === undefined || !Number.isFinite(y)) return '–';
  return y.toFixed(1);
}

/** 1234.5 → "$1.2k", 45 → "$45". */
export function usd(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '–';
  return `${n < 0 ? '-' : ''}$${compact(Math.abs(n))}`;
}

/** Plain numbers with a fixed number of decimals, trailing zeros kept so columns line up. */
export function fixed(n: number | null | undefined, digits: number): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '–';
  return n.toFixed(digits);
}

/**
 * One place that maps a panel unit to its format, so a value reads the same in a chart axis, a
 * tooltip, a tile and a table. Unknown units fall back to the compact form.
 */
export function formatUnit(v: unknown, unit: string | undefined): string {
  if (typeof v === 'string') return v;
  if (typeof v !== 'number') return '–';
  switch (unit) {
    case 'share':
    case 'probability':
      return percent(v);
    case 'points':
      return points(v);
    case 'change':
      return signedPercent(v);
    case 'tokens':
    case 'count':
      return compact(v);
    case 'usd':
      return usd(v);
    case 'index':
      return fixed(v, 1);
    case 'ratio':
    case 'score':
      return fixed(v, 3);
    case 'bits':
      return `${fixed(v, 2)} bits`;
    case 'year':
      return decimalYear(v);
    default:
      return compact(v, 2);
  }
}

/** A short axis label for a unit: shares without decimals, big counts with SI suffixes. */
export function axisUnit(v: number, unit: string | undefined): string {
  switch (unit) {
    case 'share':
    case 'probability':
      // Below 1% (log axes reach 0.001%) whole percents would all read 0%.
      return Math.abs(v) >= 0.01 || v === 0 ? `${Math.round(v * 100)}%` : `${Number((v * 100).toPrecision(1))}%`;
    case 'points':
      return `${v > 0 ? '+' : ''}${Number((v * 100).toPrecision(3))} pp`;
    case 'change':
      return `${v > 0 ? '+' : ''}${Number((v * 100).toPrecision(3))}%`;
    case 'year':
      return String(Math.round(v));
    case 'usd':
      return usd(v);
    case 'ratio':
    case 'score':
    case 'bits':
      return String(Number(v.toPrecision(3)));
    default:
      return compact(v);
  }
}

const UNIT_TITLES: Record<string, string> = {
  share: 'Share',
  probability: 'Probability',
  points: 'Change (percentage points)',
  change: 'Change',
  tokens: 'Tokens',
  count: 'Count',
  usd: 'US dollars',
  index: 'Index',
  ratio: 'Ratio',
  score: 'Score',
  bits: 'Bits',
  year: 'Year'
};

/** The title of a value axis in this unit: every value axis says what its numbers count. */
export function unitTitle(unit: string | undefined): string {
  return (unit && UNIT_TITLES[unit]) || 'Value';
}

/** Epoch ms as UTC text at the precision the grain makes meaningful. */
export function timeAt(ms: number, grain?: string): string {
  const iso = new Date(ms).toISOString();
  if (grain === 'minute' || grain === 'hour') return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
  if (grain === 'month') return iso.slice(0, 7);
  return iso.slice(0, 10);
}

// What a panel's result values can physically be, checked on every panel's rows in the one path
// they all take (run.ts). A row outside it comes from a stored row no ingest would have taken
// (written straight into a table or a rollup, or before a bound existed): one such row must not
// take the panel down or draw a share of 1.8e18, so the row is left out, counted and named in the
// answer and in /api/health, and the rest of the panel is served.
import type { LeftOutRows } from '../../src/lib/contract/bounds';
import type { ColumnInfo, Unit } from '../../src/lib/contract/panels';
import type { PanelRow } from '../../src/lib/contract/socket';
import { STREAM_TABLES } from '../../src/lib/contract/streams';
import { partitionRows } from '../engine/left-out';
import type { PanelDef } from './definition';

/** A closed range; `min`/`max` undefined: unbounded on that side. Always finite. */
interface Range {
  min?: number;
  max?: number;
  /** How the message names the range. */
  name: string;
}

/**
 * The range of each unit, after the row contracts (server/ingest/rows/*.ts) where a unit has one:
 * a share, probability or score is a fraction like the contracts' unit-interval fields (ai_score,
 * quality, synthetic_fraction); counts, tokens, dollars, bits, ratios and index points are sums
 * and quotients of the contracts' uint and non-negative fields (tokens, bids, budget_usd), so never
 * below 0; a difference of two shares (points) lies in [-1, 1]; a relative change of a count
 * cannot fall below -1 (all of it gone); a year is only required to be finite.
 */
const RANGE: Record<Unit, Range> = {
  share: { min: 0, max: 1, name: 'a share' },
  probability: { min: 0, max: 1, name: 'a probability' },
  score: { min: 0, max: 1, name: 'a score' },
  points: { min: -1, max: 1, name: 'a difference of shares' },
  change: { min: -1, name: 'a relative change' },
  count: { min: 0, name: 'a count' },
  tokens: { min: 0, name: 'a token count' },
  usd: { min: 0, name: 'an amount in dollars' },
  bits: { min: 0, name: 'an entropy in bits' },
  ratio: { min: 0, name: 'a ratio' },
  index: { min: 0, name: 'an index' },
  year: { name: 'a year' }
};

/** The span of instants a JavaScript Date (and so every screen and file) can show: ±8.64e15 ms. */
const MAX_EPOCH_MS = 8.64e15;

const describe = (r: Range): string =>
  r.min !== undefined && r.max !== undefined ? `[${r.min}, ${r.max}]` : r.min !== undefined ? `at least ${r.min}` : 'finite';

/** Why one value of a column cannot be shown, or null when it can. Null measures are "no data", and fine. */
function valueProblem(c: ColumnInfo, v: unknown): string | null {
  if (c.role === 'time') {
    return typeof v === 'number' && Number.isInteger(v) && Math.abs(v) <= MAX_EPOCH_MS ? null : `${c.name} is not a valid instant`;
  }
  if (c.role !== 'measure' || v === null || v === undefined) return null;
  // The engine writes a non-finite float as "inf", "-inf" or "nan" (output_format_json_quote_denormals).
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  const unitRange = RANGE[c.unit ?? 'count'];
  // A difference of two values (an excess over a baseline) may be negative, as far as the unit reaches.
  const range: Range = c.difference
    ? {
        min: unitRange.max === undefined ? undefined : -unitRange.max,
        max: unitRange.max,
        name: `a difference of two values, each ${unitRange.name}`
      }
    : unitRange;
  if (!Number.isFinite(n)) return `${c.name} is ${String(v)}, not a finite number`;
  if ((range.min !== undefined && n < range.min) || (range.max !== undefined && n > range.max)) {
    return `${c.name} is ${n}, outside the range of ${range.name} (${describe(range)})`;
  }
  return null;
}

/** A row's key for the examples: its time and labels, as a reader finds the row again. */
function rowKey(columns: readonly ColumnInfo[], r: PanelRow): string {
  return columns
    .filter((c) => c.role !== 'measure')
    .map((c) => {
      const v = r[c.name];
      return `${c.name}=${c.role === 'time' && typeof v === 'number' && Math.abs(v) <= MAX_EPOCH_MS ? new Date(v).toISOString() : String(v)}`;
    })
    .join(' ');
}

/**
 * Splits a panel's rows into those it can show and those outside their columns' ranges. `table`:
 * what the rows were read from (the SQL panel's source; for a computed panel, its streams' tables).
 */
export function usableRows(def: PanelDef, rows: readonly PanelRow[], table?: string): { kept: PanelRow[]; left: LeftOutRows | null } {
  const columns = def.info.columns;
  const from = table ?? def.info.streams.map((s) => STREAM_TABLES[s]).join(', ');
  return partitionRows(
    from,
    rows,
    (r) => {
      for (const c of columns) {
        const why = valueProblem(c, r[c.name]);
        if (why) return why;
      }
      return null;
    },
    (r) => rowKey(columns, r)
  );
}

// Pure: the server computes deltas with it, the browser applies them, the specs check both.
import { diffArrays } from 'diff';
import type { PanelRow, RowSplice } from '../contract/socket';

/**
 * A row's identity for comparison: its JSON. Two rows with the same JSON are deep-equal (cells
 * are strings, numbers and nulls), so a row kept by a splice is the row the new result has.
 * Rows equal in content but with columns in another order count as changed, which costs bytes,
 * never correctness.
 */
export function rowTexts(rows: readonly PanelRow[]): string[] {
  return rows.map((r) => JSON.stringify(r));
}

interface RowDiff {
  splices: RowSplice[];
  /** Length of the splices' JSON, to weigh against the whole result's. */
  chars: number;
}

/**
 * The splices that turn `before` into `after`, found by Myers' shortest edit script over whole
 * rows (jsdiff's `diffArrays`), so it needs no key columns: it holds for time series, series
 * split by a label, rankings and forecasts alike. Returns null when more than `maxEdits` rows
 * would be removed or added: past that the whole result is as small and the search is not
 * worth its time.
 */
export function diffRows(
  after: readonly PanelRow[],
  beforeText: readonly string[],
  afterText: readonly string[] = rowTexts(after),
  maxEdits = Math.ceil((beforeText.length + afterText.length) / 2)
): RowDiff | null {
  const changes = diffArrays(beforeText as string[], afterText as string[], { maxEditLength: maxEdits });
  if (!changes) return null;
  const splices: RowSplice[] = [];
  let at = 0;
  let next = 0;
  let open: RowSplice | null = null;
  // The rows carried are rows of `after`, whose text is known: nothing is serialised twice.
  let chars = 2;
  for (const c of changes) {
    const n = c.count;
    if (!c.added && !c.removed) {
      open = null;
      at += n;
      next += n;
      continue;
    }
    if (!open) {
      open = { at, del: 0, rows: [] };
      splices.push(open);
      // `{"at":,"del":,"rows":[]},` and the two numbers (`del` counted as up to its final size).
      chars += 25 + String(at).length + String(beforeText.length).length;
    }
    if (c.removed) {
      open.del += n;
      at += n;
    } else {
      for (let i = next; i < next + n; i++) {
        open.rows.push(after[i]!);
        chars += afterText[i]!.length + 1;
      }
      next += n;
    }
  }
  return { splices, chars };
}

/** Past this many unchanged rows between two changed ones, a new splice is cheaper than `{}` for each. */
const GAP_ROWS = 8;

/**
 * The rows that changed in place, as their changed cells (`set` splices): for two results of the
 * same length whose changed rows keep their columns, in order. This is what a breakdown over a
 * window looks like after a write: the same labels in the same places, its counts and shares
 * moved (a share's denominator counts every row), so the edit script above replaces nearly every
 * row and gives up, while the cells that changed are a fraction of them. Unchanged rows between
 * two changed ones ride along as `{}` up to GAP_ROWS, past which a new splice starts. Null when
 * the shapes differ (the caller then has the splices or the whole result).
 */
export function patchRows(
  before: readonly PanelRow[],
  after: readonly PanelRow[],
  beforeText: readonly string[],
  afterText: readonly string[] = rowTexts(after)
): RowDiff | null {
  if (before.length !== after.length) return null;
  const splices: RowSplice[] = [];
  let open: (RowSplice & { set: PanelRow[] }) | null = null;
  let chars = 2;
  for (let i = 0; i < after.length; i++) {
    if (beforeText[i] === afterText[i]) continue;
    const b = before[i]!;
    const a = after[i]!;
    const cols = Object.keys(a);
    const had = Object.keys(b);
    if (cols.length !== had.length || cols.some((c, j) => had[j] !== c)) return null;
    const set: PanelRow = {};
    for (const c of cols) if (a[c] !== b[c]) set[c] = a[c]!;
    if (open && i - (open.at + open.del) <= GAP_ROWS) {
      // The unchanged rows since the last changed one, kept as they are.
      for (let k = open.at + open.del; k < i; k++) open.set.push({});
      chars += 3 * (i - (open.at + open.del));
      open.del = i - open.at;
    } else {
      open = { at: i, del: 0, rows: [], set: [] };
      splices.push(open);
      // `{"at":,"del":,"rows":[],"set":[]},` and the two numbers.
      chars += 33 + String(i).length + String(after.length).length;
    }
    open.set.push(set);
    open.del++;
    chars += JSON.stringify(set).length + 1;
  }
  return { splices, chars };
}

/** The smaller of two ways to write the same change (either may be null: not this way). */
export function smaller(a: RowDiff | null, b: RowDiff | null): RowDiff | null {
  if (!a) return b;
  if (!b) return a;
  return b.chars < a.chars ? b : a;
}

export class SpliceError extends Error {}

/**
 * `rows` with the splices applied, as a new array (`rows` is not changed). Throws SpliceError for
 * splices that do not fit the rows: out of order, overlapping or past the end, which means
 * they were computed against other rows and the holder should ask for the whole result.
 */
export function applySplices(rows: readonly PanelRow[], splices: readonly RowSplice[]): PanelRow[] {
  const out: PanelRow[] = [];
  let from = 0;
  for (const s of splices) {
    if (!Number.isInteger(s.at) || !Number.isInteger(s.del) || s.del < 0 || s.at < from || s.at + s.del > rows.length) {
      throw new SpliceError(`splice {at: ${s.at}, del: ${s.del}} does not fit ${rows.length} rows after position ${from}`);
    }
    for (let i = from; i < s.at; i++) out.push(rows[i]!);
    if (s.set !== undefined) {
      if (!Array.isArray(s.set) || s.set.length !== s.del || s.rows.length > 0) {
        throw new SpliceError(`splice {at: ${s.at}, del: ${s.del}} changes ${String(s.set?.length)} rows in place, not ${s.del}`);
      }
      s.set.forEach((cells, k) => {
        const row = rows[s.at + k]!;
        // A cell the row does not have means the splice was computed against other rows.
        for (const c in cells) if (!(c in row)) throw new SpliceError(`splice sets ${c}, which row ${s.at + k} does not have`);
        out.push({ ...row, ...cells });
      });
    } else for (const r of s.rows) out.push(r);
    from = s.at + s.del;
  }
  for (let i = from; i < rows.length; i++) out.push(rows[i]!);
  return out;
}

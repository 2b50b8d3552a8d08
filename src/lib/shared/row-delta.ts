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
    for (const r of s.rows) out.push(r);
    from = s.at + s.del;
  }
  for (let i = from; i < rows.length; i++) out.push(rows[i]!);
  return out;
}

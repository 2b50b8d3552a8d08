/**
 * A statement's answer as the engine sent it: a read's JSONEachRow text, and the summary that
 * comes with every answer through the client's exec and command, whose elapsed_ns is the
 * statement's own execution time. The embedded engine fills it from its own clock, which starts
 * when the statement starts to run, not when it was sent; a server sends it in
 * X-ClickHouse-Summary (elapsed_ns since ClickHouse/ClickHouse#54179, 2023), whole when the
 * headers go out with the end of the answer, as they do for a small answer ending before the
 * first progress header (a quarter of the idle timeout: 15 s by default, beyond a statement's
 * default 10 s limit). FORMAT JSON's statistics carry the same time, but after a storage fault
 * chDB handed later statements answers left over from failed ones, and in that format such an
 * answer read as rows of another query (tests/integration/engine-faults.test.ts): reads keep the
 * JSONEachRow bytes they had.
 */

/** The rows of a JSONEachRow answer: one JSON object a line. */
export function eachRow<T>(text: string): T[] {
  const rows: T[] = [];
  let from = 0;
  while (from < text.length) {
    let to = text.indexOf('\n', from);
    if (to === -1) to = text.length;
    if (to > from) rows.push(JSON.parse(text.slice(from, to)) as T);
    from = to + 1;
  }
  return rows;
}

/** The engine's own time of a statement from its summary, in ms; null when it sent none. */
export function summaryMs(summary: { elapsed_ns?: string } | undefined): number | null {
  const raw = summary?.elapsed_ns;
  if (raw === undefined || !/^\d+$/.test(raw)) return null;
  return Number(raw) / 1e6;
}

import { EngineError } from '../engine/errors';

/**
 * ClickHouse writes an insert's rows to the table first and then pushes them through each
 * materialized view; a view that fails fails the insert but leaves the rows in the table (there
 * is no transaction across a table and its views). The answer must then say exactly that.
 */
export class PartialWrite extends Error {
  override name = 'PartialWrite';
  constructor(
    readonly table: string,
    readonly rows: number,
    readonly view: string,
    readonly reason: string
  ) {
    super(
      `ClickHouse stored the batch's ${rows} rows in ${table}, then its materialized view ${view} failed (${reason}); ` +
        `the rollups that view feeds do not count these rows. The rows are kept: sending them again would store them twice`
    );
  }
}

/** The PartialWrite an insert's error describes, or null when no view failed. */
export function partialWriteOf(e: unknown, table: string, rows: number): PartialWrite | null {
  if (!(e instanceof EngineError)) return null;
  const m = /while pushing to view ([\w.`]+)/.exec(e.message);
  if (!m?.[1]) return null;
  // The engine's first words: ClickHouse appends where it was (": while executing ...") after them.
  const reason = (e.message.split(/: while (?:executing|pushing to view)/)[0] ?? e.message)
    .replace(/^Code: \d+\. DB::Exception: /, '')
    .slice(0, 300);
  return new PartialWrite(table, rows, m[1].replaceAll('`', '').replace(/\.$/, ''), reason);
}

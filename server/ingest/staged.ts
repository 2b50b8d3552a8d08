import { randomBytes } from 'node:crypto';
import { STREAM_TABLES, type Stream } from '../../src/lib/contract/streams';
import type { Engine } from '../engine/engine';
import { trace } from '../lib/trace';
import { assemble, checkUtf8, countLines, noRows, type Batch } from './batch';
import { checkStretch } from './parallel';
import { partialWriteOf } from './partial-write';
import { ROW_SPECS } from './rows';

/** What a staged write stored: its rows and their latest event time (epoch ms; null when none has one). */
export interface StagedWrite {
  rows: number;
  maxTime: number | null;
}

export interface StagedOptions {
  tag: string;
  dedupToken?: string;
  /** Bytes per piece: a piece is checked, then parsed into the staging table while the next is checked. */
  pieceBytes: number;
  rowsOf: RowsOf;
}

/** The columns and bytes a checked batch is written with (the simulator's rows add their origin). */
export type RowsOf = (b: Batch) => { columns: readonly string[]; body: Buffer };

let staged = 0;
/** How many bodies went through a staging table: for tests, to see the path is taken. */
export function stagedWrites(): number {
  return staged;
}

/**
 * Writes a large body on the embedded engine, checking and parsing at the same time. chDB runs
 * one statement at a time and parses an insert's JSON on one thread, and that parse is most of
 * an insert's cost: 500,000 crawl rows took 2.1 to 2.3 s into a Memory table, and then 0.6 to
 * 0.7 s from there into crawl_documents with its views (bench/ingest.ts's rows, this machine).
 * So the body is cut into pieces at line ends; each piece is checked (in the worker, this
 * thread staying free) and then parsed into a session-private Memory table while the next is
 * checked; once every piece has passed, one INSERT ... SELECT moves the rows into the stream's
 * table. That insert is the only write to it, with the settings and deduplication token the
 * body would have gone in with whole. A bad line anywhere, or a piece the engine refuses, drops the
 * staging table and writes nothing. A temporary table belongs to the engine session: a crash
 * takes it with the process, with nothing acknowledged.
 */
export async function writeStaged(engine: Engine, stream: Stream, body: Buffer, opts: StagedOptions): Promise<StagedWrite> {
  checkUtf8(body);
  const table = STREAM_TABLES[stream];
  const stage = `ingest_stage_${randomBytes(8).toString('hex')}`;
  await engine.command(`CREATE TEMPORARY TABLE ${stage} AS ${table} ENGINE = Memory`, { tag: `${opts.tag} stage` });
  staged++;
  // The previous piece's insert into the staging table, running while this one is checked.
  let parsing: Promise<void> = Promise.resolve();
  try {
    // Running totals, not the pieces' batches: a batch holds its piece's edited bytes, which are
    // not needed once the staging table has them.
    const whole: StagedWrite = { rows: 0, maxTime: null };
    const columns: string[] = [];
    let firstLine = 1;
    for (let start = 0; start < body.length;) {
      // A newline byte is never inside a multi-byte character: each piece is whole UTF-8 lines.
      const nl = body.indexOf(10, Math.min(body.length - 1, start + opts.pieceBytes - 1));
      const end = nl === -1 ? body.length : nl + 1;
      const bytes = body.subarray(start, end);
      const part = await checkStretch(stream, bytes, firstLine);
      firstLine += countLines(bytes);
      start = end;
      if (part.scan.rows === 0) continue;
      const batch = assemble(ROW_SPECS[stream], bytes, [part]);
      whole.rows += batch.rows;
      if (batch.maxTime !== null && (whole.maxTime === null || batch.maxTime > whole.maxTime)) whole.maxTime = batch.maxTime;
      const rows = opts.rowsOf(batch);
      for (const c of rows.columns) if (!columns.includes(c)) columns.push(c);
      await parsing;
      parsing = engine.insertJsonEachRow(stage, rows.columns, rows.body, { tag: `${opts.tag} stage` });
    }
    await parsing;
    if (whole.rows === 0) throw noRows();
    trace('ingest.checked', whole.rows);
    try {
      await engine.insertFrom(table, columns, stage, { tag: opts.tag, ...(opts.dedupToken ? { dedupToken: opts.dedupToken } : {}) });
    } catch (e) {
      throw partialWriteOf(e, table, whole.rows) ?? e;
    }
    return whole;
  } finally {
    // A piece's insert still running when a later piece failed its check ends before the drop.
    await parsing.catch(() => undefined);
    await engine.command(`DROP TEMPORARY TABLE IF EXISTS ${stage}`, { tag: `${opts.tag} stage` }).catch(() => undefined);
  }
}

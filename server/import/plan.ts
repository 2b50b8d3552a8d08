// An import made concrete before anything is sent: the rows as NDJSON in the ingest contract,
// checked with the very function HTTP ingest uses (buildBatch), and cut into batches whose
// Idempotency-Keys come from the file's hash and the batch number. Checking every batch first
// makes the file all or nothing: one bad row stops the import with its place in the file and
// nothing written. Sending the same file again sends the same bodies under the same keys, which
// the server answers from its record without writing.
import type { Stream } from '../../src/lib/contract/streams';
import { BatchError, buildBatch } from '../ingest/batch';
import { ROW_SPECS } from '../ingest/rows';

/** Rows per request; a batch is also closed before it passes MAX_BATCH_BYTES. */
export const BATCH_ROWS = 10_000;
/** Well under the server's 128 MiB body limit, so a batch of long texts still goes in one request. */
const MAX_BATCH_BYTES = 16 * 1024 * 1024;
/**
 * Part of every key. Bump it when the conversion of files to rows changes, so a re-import under
 * new rules is new data rather than a conflict with the old bodies (a 422).
 */
export const IMPORT_RULES_VERSION = 'v1';

/** One row to send, with where it came from in the file. */
export interface PlannedRow {
  json: string;
  /** "line 12" or "row 7": how the file's own tools would find it. */
  where: string;
}

export interface Batch {
  key: string;
  body: string;
  rows: number;
  /** Where each row came from, for an error the server might still report. */
  wheres: string[];
}

export class ImportRowError extends Error {
  override name = 'ImportRowError';
  constructor(
    message: string,
    readonly where: string,
    readonly field: string | undefined
  ) {
    super(message);
  }
}

/** The batches of an import, every row checked; throws ImportRowError at the first bad row. */
export function planBatches(stream: Stream, rows: readonly PlannedRow[], fileSha256: string): Batch[] {
  const spec = ROW_SPECS[stream];
  const batches: Batch[] = [];
  let lines: string[] = [];
  let wheres: string[] = [];
  let bytes = 0;
  const close = () => {
    if (lines.length === 0) return;
    const body = lines.join('\n') + '\n';
    try {
      buildBatch(spec, body);
    } catch (e) {
      if (!(e instanceof BatchError) || e.line === undefined) throw e;
      const where = wheres[e.line - 1] ?? `batch row ${e.line}`;
      // The message of buildBatch starts "line N:" about the batch; the file position replaces it.
      throw new ImportRowError(`${where}: ${e.message.replace(/^line \d+: /, '')}`, where, e.field);
    }
    const key = `import-${IMPORT_RULES_VERSION}-${stream}-${fileSha256.slice(0, 32)}-${BATCH_ROWS}-${batches.length + 1}`;
    batches.push({ key, body, rows: lines.length, wheres });
    lines = [];
    wheres = [];
    bytes = 0;
  };
  for (const r of rows) {
    const size = Buffer.byteLength(r.json) + 1;
    if (lines.length >= BATCH_ROWS || (lines.length > 0 && bytes + size > MAX_BATCH_BYTES)) close();
    lines.push(r.json);
    wheres.push(r.where);
    bytes += size;
  }
  close();
  return batches;
}

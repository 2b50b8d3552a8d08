// Worker thread: checks one stretch of a large ingest body while the main thread checks the
// rest, so validation uses both cores. Receives {stream, bytes, firstLine} (whole lines of
// UTF-8, decoded here so the main thread does not); answers with what the scan found and the
// stretch with its edits applied, or the BatchError found.
import { parentPort } from 'node:worker_threads';
import type { Stream } from '../../src/lib/contract/streams';
import { BatchError } from './batch-error';
import { applyEdits } from './edits';
import { ROW_SPECS } from './rows';
import { scanLines } from './scan';

parentPort?.on('message', (m: { id: number; stream: Stream; bytes: Uint8Array; firstLine: number }) => {
  try {
    const bytes = Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.length);
    const scan = scanLines(ROW_SPECS[m.stream], bytes.toString('utf8'), m.firstLine);
    // The edits are applied here too, into memory of its own that is handed over whole, so the
    // main thread neither receives every edit's text nor splices them in.
    const edited = applyEdits(bytes, scan, (size) => Buffer.from(new ArrayBuffer(size)));
    const summary = {
      rows: scan.rows,
      rewritten: scan.rewritten,
      maxTime: scan.maxTime,
      lineCount: scan.lineCount,
      present: scan.present,
      firstKeys: scan.firstKeys,
      edits: scan.editAt.length
    };
    if (edited === bytes) parentPort?.postMessage({ id: m.id, scan: summary });
    else parentPort?.postMessage({ id: m.id, scan: summary, edited }, [edited.buffer as ArrayBuffer]);
  } catch (e) {
    if (e instanceof BatchError) parentPort?.postMessage({ id: m.id, error: { message: e.message, line: e.line, field: e.field } });
    else parentPort?.postMessage({ id: m.id, error: { message: (e as Error).message, internal: true } });
  }
});

// Worker thread: checks one stretch of a large ingest body while the main thread checks the
// rest, so validation uses both cores. Receives {stream, bytes, firstLine} (whole lines of
// UTF-8, decoded here so the main thread does not); answers with the
// scan or the BatchError found.
import { parentPort } from 'node:worker_threads';
import type { Stream } from '../../src/lib/contract/streams';
import { BatchError } from './batch-error';
import { ROW_SPECS } from './rows';
import { scanLines } from './scan';

parentPort?.on('message', (m: { id: number; stream: Stream; bytes: Uint8Array; firstLine: number }) => {
  try {
    const scan = scanLines(
      ROW_SPECS[m.stream],
      Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.length).toString('utf8'),
      m.firstLine
    );
    parentPort?.postMessage({ id: m.id, scan });
  } catch (e) {
    if (e instanceof BatchError) parentPort?.postMessage({ id: m.id, error: { message: e.message, line: e.line, field: e.field } });
    else parentPort?.postMessage({ id: m.id, error: { message: (e as Error).message, internal: true } });
  }
});

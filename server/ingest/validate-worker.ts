// Worker thread: checks one stretch of a large ingest body while the main thread checks the
// rest, so validation uses both cores. Receives {stream, text, firstLine}; answers with the
// scan or the BatchError found.
import { parentPort } from 'node:worker_threads';
import type { Stream } from '../../src/lib/contract/streams';
import { BatchError } from './batch-error';
import { ROW_SPECS } from './rows';
import { scanLines } from './scan';

parentPort?.on('message', (m: { id: number; stream: Stream; text: string; firstLine: number }) => {
  try {
    const scan = scanLines(ROW_SPECS[m.stream], m.text, m.firstLine);
    parentPort?.postMessage({ id: m.id, scan });
  } catch (e) {
    if (e instanceof BatchError) parentPort?.postMessage({ id: m.id, error: { message: e.message, line: e.line, field: e.field } });
    else parentPort?.postMessage({ id: m.id, error: { message: (e as Error).message, internal: true } });
  }
});

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Stream } from '../../src/lib/contract/streams';
import { assemble, buildBatch, checkUtf8, countLines, partOf, type Batch, type Part } from './batch';
import { BatchError } from './batch-error';
import { ROW_SPECS } from './rows';
import { scanLines } from './scan';
import { workerScript } from '../lib/worker-script';

/** Below this a body is checked on the main thread: a worker round trip would cost more. */
const PARALLEL_MIN_BYTES = 4 * 1024 * 1024;

/** The worker's answer: its stretch as a Part, edits applied there (`edited` absent: none), or the error. */
type Reply = {
  id: number;
  scan?: Part['scan'];
  edited?: Uint8Array;
  error?: { message: string; line?: number; field?: string; internal?: boolean };
};

let nextId = 0;
const pending = new Map<number, (r: Reply) => void>();

let starting: Promise<Worker | null> | null = null;

function startWorker(): Promise<Worker | null> {
  starting ??= workerScript('validate-worker', import.meta.url).then((url) => {
    if (!url) return null;
    const w = new Worker(url);
    w.on('message', (r: Reply) => {
      pending.get(r.id)?.(r);
      pending.delete(r.id);
      if (pending.size === 0) w.unref();
    });
    w.on('error', () => {
      // A failed worker is not the body's fault: the waiting checks run again on this thread.
      for (const resolve of pending.values()) resolve({ id: -1, error: { message: 'validation worker failed', internal: true } });
      pending.clear();
      starting = null;
    });
    // The worker holds the process open only while it has a check to answer (ref'd as one is
    // sent): a process that checked one large body (an import run, a benchmark) then exits,
    // and one awaiting a check does not exit under it. After the listeners, which ref it again.
    w.unref();
    return w;
  });
  return starting;
}

/**
 * Checks `bytes` (whole lines, valid UTF-8) in the worker. They are decoded there, so this
 * thread neither decodes them nor copies a string across. Bytes in shared memory (bodies read
 * by server/http/body.ts) are read in place; others are copied once into a buffer the worker
 * takes over.
 */
async function inWorker(stream: Stream, bytes: Buffer, firstLine: number): Promise<Reply> {
  const w = await startWorker();
  const local = (): Reply => {
    const { scan, edited } = partOf(bytes, scanLines(ROW_SPECS[stream], bytes.toString('utf8'), firstLine));
    return { id: -1, scan, edited };
  };
  if (!w) return local();
  const id = nextId++;
  const shared = bytes.buffer instanceof SharedArrayBuffer;
  const view = shared ? bytes : new Uint8Array(bytes);
  const r = await new Promise<Reply>((resolve) => {
    pending.set(id, resolve);
    w.ref();
    w.postMessage({ id, stream, bytes: view, firstLine }, shared ? [] : [view.buffer as ArrayBuffer]);
  });
  if (r.error?.internal) return local();
  checkedInWorker++;
  return r;
}

let checkedInWorker = 0;
/** How many stretches the worker has checked: for tests and metrics, to see it is in use. */
export function workerChecks(): number {
  return checkedInWorker;
}

/**
 * Checks a body on two threads when it is large: the first half here, the second in a worker
 * at the same time, then the same batch as buildBatch would make, and the same first error.
 */
export async function buildBatchParallel(stream: Stream, body: Buffer): Promise<Batch> {
  if (body.length < PARALLEL_MIN_BYTES || availableParallelism() < 2) return buildBatch(ROW_SPECS[stream], body);
  checkUtf8(body);
  // Split at a line boundary near the middle. A newline byte is never inside a multi-byte
  // character, so both halves are whole UTF-8 text.
  const cut = body.indexOf(10, body.length >> 1);
  if (cut === -1) return buildBatch(ROW_SPECS[stream], body);
  const head = body.subarray(0, cut + 1);
  const tail = body.subarray(cut + 1);
  const headLines = countLines(head);
  const remote = inWorker(stream, tail, headLines + 1);
  let headPart: Part;
  try {
    // Scanned with its final newline, so an empty line just before it is seen (and left out)
    // as in the whole body; the tail's numbering starts after headLines either way.
    headPart = partOf(head, scanLines(ROW_SPECS[stream], head.toString('utf8')));
  } catch (e) {
    await remote;
    throw e;
  }
  return assemble(ROW_SPECS[stream], body, [headPart, partOfReply(tail, await remote)]);
}

/**
 * Checks a stretch of whole lines of valid UTF-8 (its first line numbered `firstLine`) in the
 * worker, this thread staying free for sockets and requests; here when there is no worker.
 */
export async function checkStretch(stream: Stream, bytes: Buffer, firstLine: number): Promise<Part> {
  return partOfReply(bytes, await inWorker(stream, bytes, firstLine));
}

/** The worker's answer for `bytes` as a Part, or the error it found. */
function partOfReply(bytes: Buffer, r: Reply): Part {
  if (r.error) {
    if (r.error.internal) throw new Error(r.error.message);
    throw new BatchError(r.error.message, r.error.line, r.error.field);
  }
  const edited = r.edited ? Buffer.from(r.edited.buffer, r.edited.byteOffset, r.edited.byteLength) : bytes;
  return { bytes, scan: r.scan as Part['scan'], edited };
}

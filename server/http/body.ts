import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { realTimers, type Timers } from '../lib/clock';
import { HttpError } from './errors';

/** A listener as an emitter's on() and off() take it. */
type Listener = Parameters<Readable['on']>[1];

interface BodyOptions {
  /** Asked about every chunk (after decompression); false refuses the body as "too many bytes in flight". */
  admit?: (bytes: number) => boolean;
  /** Window a body must bring `minBytesPerWindow` bytes in (as sent), or be cut with a 408. */
  idleMs?: number;
  minBytesPerWindow?: number;
  timers?: Timers;
}

/**
 * Reads a request body up to `limit` bytes (after decompression). A declared Content-Length
 * over the limit is refused before a byte is read; an undeclared one is cut off as soon as it
 * passes the limit, so an oversized upload never sits whole in memory. `admit` is asked about
 * every chunk, so the bytes held across all uploads stay within the server's budget.
 *
 * The promise always settles, however the request ends: the request's own end or close is
 * watched, not only the stream read from it (a gunzip fed by an aborted request would otherwise
 * never end, and the caller's admission ticket would never be released). A body that brings
 * fewer than `minBytesPerWindow` bytes in any window of `idleMs` is cut with a 408 and its
 * connection closed: a trickle holds a place as surely as a stall.
 */
export function readBody(req: IncomingMessage, limit: number, opts: BodyOptions = {}): Promise<Buffer> {
  const tooLarge = () => new HttpError(413, { error: `body is larger than the limit of ${limit} bytes; split it into several requests` });
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.reject(tooLarge());
  }
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding !== 'identity' && encoding !== 'gzip') {
    req.resume();
    return Promise.reject(new HttpError(415, { error: `Content-Encoding ${encoding} is not supported; send identity or gzip` }));
  }
  if (req.complete && req.readableEnded) return Promise.resolve(Buffer.alloc(0));
  const gunzip = encoding === 'gzip' ? createGunzip() : null;
  const source: Readable = gunzip ?? req;
  // A plain body of declared length is copied into its final buffer as it arrives: no list of
  // chunks held beside it and no second copy at the end. (Node ends a request at its
  // Content-Length, so the bytes never run past it.) The buffer is shared memory, so a worker
  // thread can check part of it without a copy.
  const whole = !gunzip && Number.isInteger(declared) && declared > 0 ? Buffer.from(new SharedArrayBuffer(declared)) : null;
  const chunks: Buffer[] = [];
  let size = 0;
  const idleMs = opts.idleMs ?? 0;
  const minBytes = opts.minBytesPerWindow ?? 1;
  const timers = opts.timers ?? realTimers;

  return new Promise<Buffer>((resolve, reject) => {
    let settled = false;
    let sent = 0;
    let sentAtWindow = 0;
    let requestEnded = false;
    // Every listener this read adds, in the order added: one list serves both adding and removing,
    // so none can be added and left behind. (With no gunzip, source is req itself: it then gets
    // both 'data' listeners, countSent first, and onError twice, each removed once.)
    const listeners: readonly (readonly [Readable, string, Listener])[] = [
      [req, 'data', countSent],
      [req, 'end', onRequestEnd],
      [req, 'close', onRequestClose],
      [req, 'error', onError],
      [source, 'data', onData],
      [source, 'end', onEnd],
      [source, 'error', onError]
    ];
    const stopWindows = idleMs > 0 ? timers.every(idleMs, onWindow) : () => undefined;

    function settle(err: Error | null, value?: Buffer): void {
      if (settled) return;
      settled = true;
      stopWindows();
      for (const [emitter, event, listener] of listeners) emitter.off(event, listener);
      if (err) {
        if (gunzip) {
          req.unpipe(gunzip);
          gunzip.destroy();
        }
        // The rest of a refused body is read and dropped, so the answer still reaches the client.
        if (!req.destroyed) req.resume();
        reject(err);
      } else resolve(value ?? Buffer.alloc(0));
    }
    function refuse(e: HttpError): void {
      if (gunzip) req.unpipe(gunzip);
      settle(e);
    }
    function countSent(b: Buffer): void {
      sent += b.length;
    }
    function onWindow(): void {
      if (requestEnded) return;
      const brought = sent - sentAtWindow;
      sentAtWindow = sent;
      if (brought >= minBytes) return;
      settle(
        new HttpError(
          408,
          {
            error: `the body stalled: ${brought} byte${brought === 1 ? '' : 's'} arrived in ${idleMs / 1000} s, under the minimum of ${minBytes}; send the body without pauses`
          },
          { connection: 'close' }
        )
      );
    }
    function onData(chunk: Buffer): void {
      size += chunk.length;
      if (size > limit) return refuse(tooLarge());
      if (opts.admit && !opts.admit(chunk.length)) {
        return refuse(
          new HttpError(429, { error: 'too many bytes of ingest in flight on this server; retry shortly' }, { 'retry-after': '1' })
        );
      }
      if (!whole) chunks.push(chunk);
      else if (size > whole.length) refuse(new HttpError(400, { error: 'the body is longer than its Content-Length' }));
      else chunk.copy(whole, size - chunk.length);
    }
    function onEnd(): void {
      if (whole) settle(null, size === whole.length ? whole : whole.subarray(0, size));
      else settle(null, Buffer.concat(chunks, size));
    }
    function onRequestEnd(): void {
      requestEnded = true;
    }
    function onRequestClose(): void {
      // A request closed before its end was aborted: nobody is left to answer, but the caller
      // must still hear of it to release what it holds.
      if (!requestEnded) settle(new HttpError(400, { error: 'the upload was aborted before its end' }));
    }
    function onError(e: Error): void {
      settle(new HttpError(400, { error: `could not read the body: ${e.message}` }));
    }

    for (const [emitter, event, listener] of listeners) emitter.on(event, listener);
    if (gunzip) req.pipe(gunzip);
  });
}

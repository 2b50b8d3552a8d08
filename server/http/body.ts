import type { IncomingMessage } from 'node:http';
import { createGunzip } from 'node:zlib';
import { HttpError } from './errors';

/**
 * Reads a request body up to `limit` bytes (after decompression). A declared Content-Length
 * over the limit is refused before a byte is read; an undeclared one is cut off as soon as it
 * passes the limit, so an oversized upload never sits whole in memory. `admit` is asked about
 * every chunk, so the bytes held across all uploads stay within the server's budget.
 */
export async function readBody(req: IncomingMessage, limit: number, admit?: (bytes: number) => boolean): Promise<Buffer> {
  const tooLarge = () => new HttpError(413, { error: `body is larger than the limit of ${limit} bytes; split it into several requests` });
  const declared = Number(req.headers['content-length']);
  const busy = () =>
    new HttpError(429, { error: 'too many bytes of ingest in flight on this server; retry shortly' }, { 'retry-after': '1' });
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    throw tooLarge();
  }
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding !== 'identity' && encoding !== 'gzip') {
    req.resume();
    throw new HttpError(415, { error: `Content-Encoding ${encoding} is not supported; send identity or gzip` });
  }
  const source: NodeJS.ReadableStream = encoding === 'gzip' ? req.pipe(createGunzip()) : req;
  // A plain body of declared length is copied into its final buffer as it arrives: no list of
  // chunks held beside it and no second copy at the end. (Node ends a request at its
  // Content-Length, so the bytes never run past it.) The buffer is shared memory, so a worker
  // thread can check part of it without a copy.
  const whole = encoding === 'identity' && Number.isInteger(declared) && declared > 0 ? Buffer.from(new SharedArrayBuffer(declared)) : null;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of source) {
      const b = chunk as Buffer;
      size += b.length;
      if (size > limit) {
        req.unpipe();
        req.resume();
        throw tooLarge();
      }
      if (admit && !admit(b.length)) {
        req.unpipe();
        req.resume();
        throw busy();
      }
      if (!whole) chunks.push(b);
      else if (size > whole.length) {
        req.unpipe();
        req.resume();
        throw new HttpError(400, { error: 'the body is longer than its Content-Length' });
      } else b.copy(whole, size - b.length);
    }
  } catch (e) {
    if (e instanceof HttpError) throw e;
    throw new HttpError(400, { error: `could not read the body: ${(e as Error).message}` });
  }
  if (whole) return size === whole.length ? whole : whole.subarray(0, size);
  return Buffer.concat(chunks, size);
}

// Admission that cannot be jammed, over real HTTP from several loopback addresses: however an
// upload ends (finished, aborted before or during its body, plain or gzip, refused for its size
// or its bytes, broken gzip, stalled), its place is given back; a body that trickles is cut
// after the stall window (a manual clock moves it, so no test waits on time); one address
// cannot hold every place.
import { request as httpRequest, type ClientRequest } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crawlRow, startServer, type TestServer } from '../helpers/server';
import { ManualClock } from '../helpers/manual-clock';

const clock = new ManualClock(0);
let s: TestServer;

beforeAll(async () => {
  s = await startServer({
    app: { admission: { maxBodies: 4, maxBytes: 8 * 1024 * 1024, idleMs: 10_000, minBytesPerWindow: 1024 }, admissionTimers: clock }
  });
});
afterAll(async () => {
  await s.close();
});

const rows = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) => JSON.stringify(crawlRow(from + i)))
    .join('\n')
    .concat('\n');

interface Upload {
  req: ClientRequest;
  answer: Promise<{ status: number; body: Record<string, unknown> | null }>;
  /** Ends the upload with `body` (null: headers only, the connection left open) and awaits the answer. */
  send(body: string | null): Promise<{ status: number; body: Record<string, unknown> | null }>;
}

/** An upload whose bytes the test writes when it likes, from the loopback address given. */
function upload(headers: Record<string, string | number>, localAddress = '127.0.0.1', path = '/api/ingest/crawl'): Upload {
  const req = httpRequest({ host: '127.0.0.1', port: s.port, path, method: 'POST', headers, localAddress });
  const answer = new Promise<{ status: number; body: Record<string, unknown> | null }>((resolve, reject) => {
    req.on('response', (res) => {
      const parts: Buffer[] = [];
      res.on('data', (b: Buffer) => parts.push(b));
      res.on('end', () => {
        const text = Buffer.concat(parts).toString();
        resolve({ status: res.statusCode ?? 0, body: text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : null });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
  });
  // An upload the test aborts on purpose has no answer; its rejection is expected.
  answer.catch(() => undefined);
  const send = (body: string | null) => {
    if (body === null) req.flushHeaders();
    else req.end(body);
    return answer;
  };
  return { req, answer, send };
}

/** Resolves once `ok()` holds, letting the server's I/O run in between; throws if it never does. */
async function until(ok: () => boolean, what: string): Promise<void> {
  for (let turns = 0; !ok(); turns++) {
    if (turns > 200_000) throw new Error(`never happened: ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

const held = () => s.app.admission.inFlight().bodies;

async function ingestOk(from: number): Promise<void> {
  const r = await fetch(`${s.url}/api/ingest/crawl`, { method: 'POST', body: rows(from, 1) });
  expect(r.status).toBe(200);
}

describe('admission tickets', () => {
  it('are released by gzip uploads aborted mid-body, so four of them do not stop ingest', async () => {
    const zipped = gzipSync(rows(100, 2000));
    for (let i = 0; i < 4; i++) {
      const u = upload({ 'content-encoding': 'gzip', 'content-length': zipped.length });
      u.req.write(zipped.subarray(0, zipped.length >> 1));
      await until(() => held() === 1, 'the gzip upload was admitted');
      u.req.destroy();
      await until(() => held() === 0, `aborted gzip upload ${i + 1} released its place`);
    }
    await ingestOk(1);
  });

  it('are released by plain uploads aborted before any byte or mid-body, declared or chunked', async () => {
    const body = Buffer.from(rows(200, 500));
    const cases: [string, Record<string, string | number>, Buffer][] = [
      ['declared, no byte', { 'content-length': body.length }, Buffer.alloc(0)],
      ['declared, half', { 'content-length': body.length }, body.subarray(0, body.length >> 1)],
      ['chunked, half', { 'transfer-encoding': 'chunked' }, body.subarray(0, body.length >> 1)],
      ['gzip chunked, no byte', { 'content-encoding': 'gzip', 'transfer-encoding': 'chunked' }, Buffer.alloc(0)]
    ];
    for (const [what, headers, part] of cases) {
      const u = upload(headers);
      if (part.length > 0) u.req.write(part);
      else u.req.flushHeaders();
      await until(() => held() === 1, `${what}: admitted`);
      u.req.destroy();
      await until(() => held() === 0, `${what}: released`);
    }
    await ingestOk(2);
  });

  it('are released by bodies refused for broken gzip, size or a body longer than declared', async () => {
    const broken = upload({ 'content-encoding': 'gzip' });
    broken.req.end(Buffer.from('this is not gzip at all, not even its header'));
    const b = await broken.answer;
    expect([b.status, String(b.body?.error)]).toEqual([400, expect.stringMatching(/could not read the body/)]);
    expect(held()).toBe(0);
    const gzipTruncated = upload({ 'content-encoding': 'gzip' });
    const zipped = gzipSync(rows(300, 10));
    gzipTruncated.req.end(zipped.subarray(0, zipped.length - 8));
    const t = await gzipTruncated.answer;
    expect(t.status).toBe(400);
    expect(held()).toBe(0);
    await ingestOk(3);
  });

  it('are released by bodies refused for their declared size, their encoding, a bad row or a reused key', async () => {
    expect((await upload({ 'idempotency-key': 'jam-key-1' }).send(rows(700, 1))).status).toBe(200);
    const cases: [string, Record<string, string | number>, string | null, number][] = [
      // Declared past the 128 MiB limit: refused before a byte is read.
      ['declared too large', { 'content-length': 128 * 1024 * 1024 + 1 }, null, 413],
      ['unknown encoding', { 'content-encoding': 'br' }, 'not brotli either', 415],
      ['a bad row', {}, `${JSON.stringify(crawlRow(600))}\n{"ts":"2024-02-30"}\n`, 400],
      ['a reused key with another body', { 'idempotency-key': 'jam-key-1' }, rows(800, 1), 422]
    ];
    for (const [what, headers, body, status] of cases) {
      const u = upload(headers);
      const r = await u.send(body);
      u.req.destroy();
      expect([what, r.status]).toEqual([what, status]);
      await until(() => held() === 0, `${what}: released`);
    }
    await ingestOk(5);
  });

  it('cut a body that brings under the minimum in a window with a 408, and give its place back', async () => {
    const u = upload({ 'content-length': 100_000 });
    u.req.write('{');
    await until(() => held() === 1, 'the slow upload was admitted');
    await clock.whenArmed();
    clock.advance(10_000);
    const r = await u.answer;
    expect([r.status, String(r.body?.error)]).toEqual([
      408,
      expect.stringMatching(/stalled: 1 byte arrived in 10 s, under the minimum of 1024/)
    ]);
    await until(() => held() === 0, 'the stalled upload released its place');
    await ingestOk(4);
  });

  it('leave a body that keeps bringing bytes alone, however many windows it spans', async () => {
    const body = Buffer.from(rows(400, 200));
    // Chunked, so the bytes the server has read show in the admission's count.
    const u = upload({ 'transfer-encoding': 'chunked' });
    const step = 2048;
    for (let at = 0; at < body.length; at += step) {
      u.req.write(body.subarray(at, at + step));
      const got = Math.min(body.length, at + step);
      await until(() => s.app.admission.inFlight().bytes >= got, `the server read ${got} bytes`);
      // Each full window brought a whole step; the last, shorter step ends the body instead.
      if (got < body.length) clock.advance(10_000);
    }
    u.req.end();
    const r = await u.answer;
    expect([r.status, r.body]).toEqual([200, { accepted: 200, stream: 'crawl' }]);
  });

  it('let one address hold at most half the places while another address still gets one', async () => {
    const slow = ['127.0.0.2', '127.0.0.2'].map((a) => upload({ 'content-length': 4096 }, a));
    for (const u of slow) u.req.write('{');
    await until(() => held() === 2, 'two uploads from one address admitted');
    const third = upload({ 'content-length': 4096 }, '127.0.0.2');
    third.req.end(' '.repeat(4096));
    const refused = await third.answer;
    expect([refused.status, String(refused.body?.error)]).toEqual([429, expect.stringMatching(/for this address/)]);
    const other = upload({}, '127.0.0.3');
    other.req.end(rows(500, 1));
    expect((await other.answer).status).toBe(200);
    for (const u of slow) u.req.destroy();
    await until(() => held() === 0, 'the slow uploads released their places');
  });
});

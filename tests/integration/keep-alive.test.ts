// The test server and a test's fetch share kept-alive connections: a request written on one
// the moment the test process resumes from a stall is answered, never reset
// (tests/helpers/server.ts says why the server leaves idle connections to the client).
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server';

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(async () => {
  await s?.close();
});

/** Node's default http.Server keepAliveTimeout, the one the helper's server used to keep. */
const NODE_DEFAULT_KEEP_ALIVE_MS = 5_000;
const REQUEST = 'GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n';

/** Reads one whole response (headers and a chunked or Content-Length body) from the socket. */
function response(sock: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let got = '';
    const onData = (b: Buffer) => {
      got += b.toString('latin1');
      const end = got.indexOf('\r\n\r\n');
      const length = /\r\ncontent-length: (\d+)/i.exec(got);
      const chunked = /\r\ntransfer-encoding: chunked\r\n/i.test(got);
      if (end >= 0 && (chunked ? got.endsWith('\r\n0\r\n\r\n') : length && got.length >= end + 4 + Number(length[1]))) {
        sock.off('data', onData).off('error', reject).off('close', onClose);
        resolve(got);
      }
    };
    const onClose = () => reject(new Error(`connection closed after ${JSON.stringify(got)}`));
    sock.on('data', onData).on('error', reject).on('close', onClose);
  });
}

it('answers a request written on a kept-alive connection right after the event loop stalled past the keep-alive timeout', async () => {
  const sock = connect(s.port, '127.0.0.1');
  await new Promise((resolve) => sock.once('connect', resolve));
  const first = response(sock);
  sock.write(REQUEST);
  expect(await first).toMatch(/^HTTP\/1\.1 200 /);
  // The stall and the write run in a setImmediate callback, after the loop's poll for I/O, as
  // fetch reusing a pooled socket after a CPU-bound stretch of a test does. The loop's next
  // steps are its timers (the server's idle timer, due by then) and only then the poll that
  // would read the request. The stall is the condition under test, not a wait for something.
  const second = await new Promise<Promise<string>>((resolve) =>
    setImmediate(() => {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, NODE_DEFAULT_KEEP_ALIVE_MS + 1_000);
      const answer = response(sock);
      sock.write(REQUEST);
      resolve(answer);
    })
  );
  expect(await second).toMatch(/^HTTP\/1\.1 200 /);
  sock.destroy();
});

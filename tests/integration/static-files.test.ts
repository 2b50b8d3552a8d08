import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaticFiles } from '../../server/http/static';
import { createLogger } from '../../server/log';

// The build's file server on a real HTTP server over real files: files deleted under it, while
// it streams them and before they are asked for. The server runs in this process, so an error
// it let escape would fail the run as an unhandled error.
let dir = '';
let server: Server;
let base = '';
const logged: Record<string, unknown>[] = [];
const big = randomBytes(24 * 1024 * 1024);
const app = 'console.log("app");\n'.repeat(50);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pdo-static-'));
  mkdirSync(join(dir, '_app/immutable/entry'), { recursive: true });
  writeFileSync(join(dir, '_app/immutable/entry/app.js'), app);
  writeFileSync(join(dir, '_app/immutable/entry/app.js.br'), brotliCompressSync(app));
  writeFileSync(join(dir, '_app/immutable/entry/start.js'), 'start();\n');
  writeFileSync(join(dir, '_app/immutable/entry/start.js.br'), brotliCompressSync('start();\n'));
  writeFileSync(join(dir, 'big.bin'), big);
  writeFileSync(join(dir, 'big2.bin'), big);
  writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  const files = createStaticFiles(
    dir,
    createLogger('debug', (l) => logged.push(JSON.parse(l) as Record<string, unknown>))
  );
  server = createServer((req, res) => {
    const path = files.match(req);
    if (path === null) {
      res.writeHead(418).end('not a build file');
      return;
    }
    void files.serve(req, res, path);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

/** GET with the raw response (fetch would decode br). */
function get(path: string, headers: Record<string, string> = {}): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { headers }, resolve);
    req.on('error', reject);
    req.end();
  });
}

async function body(res: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of res) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('build files under a running server', () => {
  it('serves the precompressed twin the client accepts, else the file itself', async () => {
    const br = await get('/_app/immutable/entry/app.js', { 'accept-encoding': 'gzip, br' });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toBe('text/javascript');
    expect(br.headers['cache-control']).toContain('immutable');
    expect((await body(br)).equals(brotliCompressSync(app))).toBe(true);
    const plain = await get('/_app/immutable/entry/app.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect((await body(plain)).toString()).toBe(app);
    const again = await get('/_app/immutable/entry/app.js', { 'if-none-match': String(plain.headers.etag) });
    expect(again.statusCode).toBe(304);
    await body(again);
  });

  it('a file deleted after start is a 404 saying which, and the server goes on serving', async () => {
    unlinkSync(join(dir, '_app/immutable/entry/start.js.br'));
    const fallback = await get('/_app/immutable/entry/start.js', { 'accept-encoding': 'br' });
    expect(fallback.statusCode).toBe(200);
    expect(fallback.headers['content-encoding']).toBeUndefined();
    expect((await body(fallback)).toString()).toBe('start();\n');

    unlinkSync(join(dir, '_app/immutable/entry/start.js'));
    const gone = await get('/_app/immutable/entry/start.js', { 'accept-encoding': 'br' });
    expect(gone.statusCode).toBe(404);
    expect((await body(gone)).toString()).toBe('not found: /_app/immutable/entry/start.js');
    expect(logged.some((l) => l.msg === 'static file gone' && l.path === '/_app/immutable/entry/start.js')).toBe(true);

    const other = await get('/favicon.svg');
    expect(other.statusCode).toBe(200);
    expect(other.headers['content-type']).toBe('image/svg+xml');
    await body(other);
  });

  it('a file deleted while it is being sent is sent whole', async () => {
    const res = await get('/big.bin');
    expect(res.statusCode).toBe(200);
    expect(Number(res.headers['content-length'])).toBe(big.length);
    const chunks: Buffer[] = [];
    let deleted = false;
    for await (const c of res) {
      chunks.push(c as Buffer);
      if (!deleted) {
        unlinkSync(join(dir, 'big.bin'));
        deleted = true;
      }
    }
    expect(deleted).toBe(true);
    expect(sha(Buffer.concat(chunks))).toBe(sha(big));
    const after = await get('/big.bin');
    expect(after.statusCode).toBe(404);
    await body(after);
  });

  it('clients that leave mid-download close only their own response', async () => {
    const aborted = await Promise.all(
      Array.from(
        { length: 20 },
        () =>
          new Promise<number>((resolve, reject) => {
            const req = request(`${base}/big2.bin`, (res) => {
              res.once('data', (c: Buffer) => {
                req.destroy();
                resolve(c.length);
              });
            });
            req.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' ? undefined : reject(e)));
            req.end();
          })
      )
    );
    expect(aborted.every((n) => n > 0 && n < big.length)).toBe(true);
    const whole = await get('/big2.bin');
    expect(sha(await body(whole))).toBe(sha(big));
  });

  it('passes on what is not a build file', async () => {
    const res = await get('/explore');
    expect(res.statusCode).toBe(418);
    await body(res);
  });
});

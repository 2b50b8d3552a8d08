import { EventEmitter } from 'node:events';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crawlRow, ingest, startServer, T0, type TestServer } from '../helpers/server';

// Large exports that clients abandon: before the answer, after its first bytes, halfway. The
// server runs in this process, so an error it let escape would fail the run as an unhandled
// error; after the aborts it still answers, and a whole export still comes out right.
const ROWS = 120_000;
const MINUTE = 60_000;
let s: TestServer;
let path = '';
/** Emits a request's x-download id as the server receives it. */
const received = new EventEmitter();

beforeAll(async () => {
  s = await startServer();
  s.http.on('request', (req) => received.emit(String(req.headers['x-download'])));
  // One document a minute: a per-minute export has one line per row.
  for (let start = 0; start < ROWS; start += 40_000) {
    const batch = Array.from({ length: 40_000 }, (_, k) => crawlRow(start + k, { ts: T0 + (start + k) * MINUTE }));
    expect((await ingest(s.url, 'crawl', batch)).status).toBe(200);
  }
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19);
  path = `/api/panels/provenance.ai_share?from=${iso(T0)}&to=${iso(T0 + ROWS * MINUTE)}&grain=minute&format=csv`;
});

afterAll(async () => {
  await s.close();
});

type Abort = 'before-headers' | 'first-bytes' | 'halfway';

/** Starts a download and abandons it at the given point; resolves with the bytes it had. */
function abandon(id: string, when: Abort, total: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let got = 0;
    // Before headers: the client leaves as the server takes the request, before it has run the query.
    if (when === 'before-headers') received.once(id, () => req.destroy());
    const req = request(`${s.url}${path}`, { headers: { 'x-download': id } }, (res) => {
      res.on('data', (c: Buffer) => {
        got += c.length;
        if (when === 'first-bytes' || (when === 'halfway' && got >= total / 2)) {
          req.destroy();
          resolve(got);
        }
      });
      res.on('error', () => undefined);
    });
    req.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' ? resolve(got) : reject(e)));
    req.end();
  });
}

describe('downloads abandoned mid-stream', () => {
  it('leave the server up and answering, and the next export whole', async () => {
    const whole = await (await fetch(`${s.url}${path}`)).text();
    const lines = whole.trimEnd().split('\n');
    expect(lines[0]).toContain('"t","docs","tokens"');
    expect(lines.length).toBe(ROWS + 1);
    expect(whole.length).toBeGreaterThan(3_000_000);

    // Which exports the server saw closed before it had handed all their bytes to the OS.
    const cut: boolean[] = [];
    let allClosed = () => {};
    const closed = new Promise<void>((resolve) => (allClosed = resolve));
    s.http.on('request', (req, res) => {
      if (!req.url?.includes('format=csv')) return;
      res.once('close', () => {
        if (cut.push(!res.writableFinished) === 12) allClosed();
      });
    });

    const modes: Abort[] = ['before-headers', 'first-bytes', 'halfway'];
    const got = await Promise.all(Array.from({ length: 12 }, (_, i) => abandon(`d${i}`, modes[i % 3] as Abort, whole.length)));
    for (const [i, n] of got.entries()) {
      if (modes[i % 3] !== 'before-headers') expect(n).toBeGreaterThan(0);
      expect(n).toBeLessThan(whole.length);
    }

    // The server saw every download close. The four abandoned before the answer closed before
    // it wrote a byte; the others left with bytes still in flight (in the server or in the
    // kernel's socket buffers, which may take the whole rest on loopback).
    await closed;
    expect(cut.length).toBe(12);
    expect(cut.filter(Boolean).length).toBeGreaterThanOrEqual(4);

    const health = await fetch(`${s.url}/api/health`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { status: string }).status).toBe('ok');
    expect(await (await fetch(`${s.url}${path}`)).text()).toBe(whole);
  });
});

describe('errors the process survived', () => {
  it('read as degraded in /api/health (still 200: the server serves) and are counted in /metrics', async () => {
    // What the guard's process listener does with an error that reached the top.
    s.app.guard.record('exception', Object.assign(new Error('EPIPE: broken pipe, write'), { code: 'EPIPE' }));
    const res = await fetch(`${s.url}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: 'degraded',
      engine_ok: true,
      uncaught_errors: 1,
      last_uncaught: { class: 'io', message: 'EPIPE: broken pipe, write' }
    });
    const metrics = await (await fetch(`${s.url}/metrics`)).text();
    expect(metrics).toContain('pdo_uncaught_errors_total{kind="exception",class="io"} 1');
  });
});

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { expect, test } from '@playwright/test';

// The production server on its own port and data directory: SIGTERM while a large ingest is
// under way lets that ingest finish and be acknowledged, then exits cleanly; the rows are there
// after a restart. The stop's grace is long here: a busy machine makes the ingest slow, and
// this test is about finishing it, not about the grace (the test timeout is the hang guard).
const PORT = Number(process.env.E2E_SHUTDOWN_PORT ?? Number(process.env.E2E_PORT ?? 4173) + 200);
const base = `http://127.0.0.1:${PORT}`;

type Server = ChildProcess & { logged(msg: string): Promise<void> };

/** Starts the server; `logged(msg)` resolves once it has logged `msg` (JSON lines on stdout). */
function start(dir: string): Server {
  const child = spawn(process.execPath, ['build/current/observatory/index.js'], {
    env: {
      ...process.env,
      PORT: String(PORT),
      HOST: '127.0.0.1',
      CHDB_PATH: dir,
      SIMULATE: 'off',
      LOG_LEVEL: 'info',
      SHUTDOWN_GRACE_S: '600'
    },
    stdio: ['ignore', 'pipe', 'inherit']
  });
  const seen = new Set<string>();
  const waiting = new Map<string, (() => void)[]>();
  createInterface({ input: child.stdout! }).on('line', (line) => {
    try {
      const { msg } = JSON.parse(line) as { msg: string };
      seen.add(msg);
      for (const resolve of waiting.get(msg)?.splice(0) ?? []) resolve();
    } catch {
      // not a log line
    }
  });
  const logged = (msg: string) =>
    seen.has(msg) ? Promise.resolve() : new Promise<void>((resolve) => waiting.set(msg, [...(waiting.get(msg) ?? []), resolve]));
  return Object.assign(child, { logged });
}

test('SIGTERM finishes the ingest under way, exits 0, and the rows survive', async () => {
  // Two server starts and a 200,000-row ingest: a hang guard, not a speed budget.
  test.setTimeout(180_000);
  const dir = mkdtempSync(join(tmpdir(), 'pdo-shutdown-'));
  try {
    const first = start(dir);
    await first.logged('listening');
    const body = Array.from({ length: 200_000 }, (_, i) =>
      JSON.stringify({
        ts: Date.UTC(2025, 0, 1) + i,
        url: `https://s.example/${i}`,
        lang: 'en',
        content_type: 'article',
        tokens: 100,
        provenance: 'human'
      })
    ).join('\n');
    const exited = new Promise<number | null>((r) => first.once('exit', (code) => r(code)));
    // Send the first half, signal while the request is open, then send the rest.
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      // Expect: 100-continue makes the server say when it has taken the request in hand; only
      // then is it under way (a connection whose request is not yet read counts as idle).
      const req = request(`${base}/api/ingest/crawl`, { method: 'POST', headers: { expect: '100-continue' } }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on('error', reject);
      const half = Math.floor(body.length / 2);
      req.on('continue', () =>
        req.write(body.slice(0, half), () => {
          // The rest goes once the server has taken the signal, so the stop meets an open request.
          void first.logged('shutting down').then(() => req.end(body.slice(half)));
          first.kill('SIGTERM');
        })
      );
      req.flushHeaders();
    });
    const res = await answer;
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ accepted: 200_000, stream: 'crawl' });
    expect(await exited).toBe(0);

    const second = start(dir);
    try {
      await second.logged('listening');
      const streams = (await (await fetch(`${base}/api/streams`)).json()) as { crawl: { rows: number } };
      expect(streams.crawl.rows).toBe(200_000);
    } finally {
      second.kill('SIGTERM');
      await new Promise((r) => second.once('exit', r));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

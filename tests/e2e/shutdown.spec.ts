import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';

// The production server on its own port and data directory: SIGTERM while a large ingest is
// under way lets that ingest finish and be acknowledged, then exits cleanly; the rows are there
// after a restart.
const PORT = 4390;
const base = `http://127.0.0.1:${PORT}`;

function start(dir: string): ChildProcess {
  return spawn(process.execPath, ['build/current/observatory/index.js'], {
    env: { ...process.env, PORT: String(PORT), HOST: '127.0.0.1', CHDB_PATH: dir, SIMULATE: 'off', LOG_LEVEL: 'error' },
    stdio: 'ignore'
  });
}

async function healthy(): Promise<void> {
  await expect
    .poll(
      () =>
        fetch(`${base}/api/health`).then(
          (r) => r.status,
          () => 0
        ),
      { timeout: 30_000 }
    )
    .toBe(200);
}

test('SIGTERM finishes the ingest under way, exits 0, and the rows survive', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pdo-shutdown-'));
  try {
    const first = start(dir);
    await healthy();
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
      const req = request(`${base}/api/ingest/crawl`, { method: 'POST' }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on('error', reject);
      const half = Math.floor(body.length / 2);
      req.write(body.slice(0, half), () => {
        first.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(half)), 200);
      });
    });
    const res = await answer;
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ accepted: 200_000, stream: 'crawl' });
    expect(await exited).toBe(0);

    const second = start(dir);
    try {
      await healthy();
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

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/paths';
import { crawlRow, ingest, startServer, streamRows } from '../helpers/server';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'pdo-durable-'));
  dirs.push(d);
  return d;
}

/** Starts a server in a child process on `dir` and resolves with its URL once it listens. */
function child(dir: string): Promise<{ url: string; proc: ChildProcess }> {
  const root = projectRoot();
  const proc = spawn(process.execPath, ['--import', 'tsx', join(root, 'tests/helpers/child-server.ts')], {
    cwd: root,
    env: { ...process.env, CHDB_PATH: dir },
    stdio: ['ignore', 'pipe', 'inherit']
  });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: proc.stdout! });
    lines.on('line', (l) => {
      try {
        const { port } = JSON.parse(l) as { port: number };
        resolve({ url: `http://127.0.0.1:${port}`, proc });
      } catch {
        /* other output */
      }
    });
    proc.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

const killed = (p: ChildProcess) => new Promise<void>((resolve) => (p.exitCode !== null ? resolve() : p.once('exit', () => resolve())));

describe.skipIf(Boolean(process.env.CLICKHOUSE_URL))('durability (embedded engine)', () => {
  it('keeps data across a clean restart on the same data directory', async () => {
    const dir = tempDir();
    const a = await startServer({ dataDir: dir });
    await ingest(
      a.url,
      'crawl',
      Array.from({ length: 100 }, (_, i) => crawlRow(i))
    );
    await a.close(false);
    const b = await startServer({ dataDir: dir });
    expect((await streamRows(b.url)).crawl).toBe(100);
    await b.close(false);
  });

  it('keeps every acknowledged write when the server is killed with SIGKILL', async () => {
    const dir = tempDir();
    const first = await child(dir);
    let acked = 0;
    for (let batch = 0; batch < 5; batch++) {
      const r = await ingest(
        first.url,
        'crawl',
        Array.from({ length: 2000 }, (_, i) => crawlRow(batch * 2000 + i)),
        { 'idempotency-key': `kill-${batch}` }
      );
      expect(r.status).toBe(200);
      acked += Number(r.body.accepted);
    }
    first.proc.kill('SIGKILL');
    await killed(first.proc);
    const second = await child(dir);
    try {
      expect((await streamRows(second.url)).crawl).toBe(acked);
      // The rollup agrees with the raw table after the crash, and a retried batch is not doubled.
      const retry = await ingest(
        second.url,
        'crawl',
        Array.from({ length: 2000 }, (_, i) => crawlRow(4 * 2000 + i)),
        { 'idempotency-key': 'kill-4' }
      );
      expect(retry.body.replayed).toBe(true);
      expect((await streamRows(second.url)).crawl).toBe(acked);
    } finally {
      second.proc.kill('SIGTERM');
      await killed(second.proc);
    }
  });
});

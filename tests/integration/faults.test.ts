// Faults of the machine under the server, on the real engine: kill -9 in the middle of a
// streaming upload, a disk that fills up and is freed again (degraded, then recovery without a
// restart), and a start on a read-only data directory. The storage cases need a small tmpfs,
// which needs root; where mounting is not allowed they are skipped and say so.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { DataDirError } from '../../server/engine/data-dir';
import { silentLogger } from '../../server/log';
import { projectRoot } from '../../server/paths';
import { crawlRow, ingest, startServer, streamRows } from '../helpers/server';
import { onServer } from '../helpers/target';

const dirs: string[] = [];
const mounts: string[] = [];
afterAll(() => {
  for (const m of mounts.reverse()) execFileSync('umount', ['-l', m]);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'pdo-faults-'));
  dirs.push(d);
  return d;
}

/** Mounts a tmpfs of `mib` MiB on a fresh directory; null where this machine does not allow it. */
function tmpfs(mib: number): string | null {
  const d = tempDir();
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${mib}m`, 'tmpfs', d], { stdio: 'ignore' });
  } catch {
    return null;
  }
  mounts.push(d);
  return d;
}

const probe = onServer() ? null : tmpfs(1);
if (!onServer() && !probe) {
  process.stderr.write('faults: tmpfs cannot be mounted here (it needs root); the disk-full and read-only tests are skipped\n');
}

/** A server in a child process on `dir`, for killing. */
function child(dir: string): Promise<{ url: string; proc: ChildProcess }> {
  const root = projectRoot();
  const proc = spawn(process.execPath, ['--import', 'tsx', join(root, 'tests/helpers/child-server.ts')], {
    cwd: root,
    env: { ...process.env, CHDB_PATH: dir },
    stdio: ['ignore', 'pipe', 'inherit']
  });
  return new Promise((resolve, reject) => {
    createInterface({ input: proc.stdout! }).on('line', (l) => {
      if (l.startsWith('{"port"')) resolve({ url: `http://127.0.0.1:${(JSON.parse(l) as { port: number }).port}`, proc });
    });
    proc.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}
const exited = (p: ChildProcess) =>
  new Promise<void>((r) => (p.exitCode !== null || p.signalCode !== null ? r() : p.once('exit', () => r())));
const rows = (from: number, n: number) => Array.from({ length: n }, (_, i) => JSON.stringify(crawlRow(from + i))).join('\n') + '\n';

// Embedded only: these mount a small tmpfs as the data directory to fill it or make it read-only,
// and a ClickHouse server's disk is not this process's to fill. A server's own refusals (wrong
// credentials, a readonly user, overload, a lost server) are in clickhouse-server.test.ts.
describe.skipIf(onServer())('faults', () => {
  it('keeps nothing of an upload whose server is killed while its body is still open, and takes its retry exactly once', async () => {
    const dir = tempDir();
    const first = await child(dir);
    expect((await ingest(first.url, 'crawl', rows(0, 500), { 'idempotency-key': 'before' })).status).toBe(200);
    let push!: (s: string) => void;
    const body = new ReadableStream<Uint8Array>({ start: (c) => void (push = (s) => c.enqueue(new TextEncoder().encode(s))) });
    const upload = fetch(`${first.url}/api/ingest/crawl`, {
      method: 'POST',
      body,
      duplex: 'half',
      headers: { 'idempotency-key': 'streamed' }
    } as RequestInit).catch((e: unknown) => e);
    push(rows(1000, 3000));
    // A round trip through the server after the first chunk: the upload is under way.
    await fetch(`${first.url}/api/health`);
    first.proc.kill('SIGKILL');
    await exited(first.proc);
    expect(await upload).toBeInstanceOf(Error);
    const second = await child(dir);
    try {
      expect((await streamRows(second.url)).crawl).toBe(500);
      const retry = rows(1000, 3000) + rows(4000, 1000);
      expect((await ingest(second.url, 'crawl', retry, { 'idempotency-key': 'streamed' })).body).toEqual({
        accepted: 4000,
        stream: 'crawl'
      });
      expect((await ingest(second.url, 'crawl', retry, { 'idempotency-key': 'streamed' })).body.replayed).toBe(true);
      expect((await streamRows(second.url)).crawl).toBe(4500);
    } finally {
      second.proc.kill('SIGTERM');
      await exited(second.proc);
    }
  });

  it.runIf(probe)('answers a full disk with a 507 saying so, reports degraded, and recovers once space is freed', async () => {
    const disk = tmpfs(48) as string;
    const s = await startServer({ dataDir: join(disk, 'data') });
    try {
      expect((await ingest(s.url, 'crawl', rows(0, 100))).status).toBe(200);
      const filler = join(disk, 'filler');
      const fd = openSync(filler, 'w');
      const mib = Buffer.alloc(1 << 20);
      try {
        for (;;) writeSync(fd, mib);
      } catch (e) {
        expect((e as NodeJS.ErrnoException).code).toBe('ENOSPC');
      } finally {
        closeSync(fd);
      }
      const full = await ingest(s.url, 'crawl', rows(100, 2000), { 'idempotency-key': 'while-full' });
      expect(full.status).toBe(507);
      expect(full.body.error).toMatch(/disk is full/);
      const sick = await fetch(`${s.url}/api/health`);
      expect([sick.status, await sick.json()]).toMatchObject([503, { status: 'degraded', reason: 'disk full' }]);
      // Reads still work off what is stored.
      expect((await fetch(`${s.url}/api/panels/provenance.ai_share`)).status).toBe(200);
      rmSync(filler);
      const again = await ingest(s.url, 'crawl', rows(100, 2000), { 'idempotency-key': 'while-full' });
      expect(again.body).toEqual({ accepted: 2000, stream: 'crawl' });
      const well = await fetch(`${s.url}/api/health`);
      expect([well.status, ((await well.json()) as { status: string }).status]).toEqual([200, 'ok']);
      expect((await streamRows(s.url)).crawl).toBe(2100);
    } finally {
      await s.close(false);
    }
  });

  it.runIf(probe)('refuses to start on a read-only data directory with a sentence, not an exception', async () => {
    const disk = tmpfs(4) as string;
    mkdirSync(join(disk, 'data'));
    execFileSync('mount', ['-o', 'remount,ro', disk]);
    const start = createApp(loadConfig({ CHDB_PATH: join(disk, 'data'), SIMULATE: 'off' }), { log: silentLogger, version: 'test' });
    await expect(start).rejects.toBeInstanceOf(DataDirError);
    await expect(start).rejects.toThrow(`CHDB_PATH ${join(disk, 'data')} is on a read-only file system`);
  });
});

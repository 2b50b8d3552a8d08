import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/paths';
import { crawlRow, ingest, startServer, streamRows } from '../helpers/server';
import { onServer } from '../helpers/target';

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

/** The first row of each query, read from `dir` by a process of its own once no server holds it. */
async function querySeparately(dir: string, queries: string[]): Promise<Record<string, unknown>[]> {
  const root = projectRoot();
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', join(root, 'tests/helpers/child-sql.ts')], {
    cwd: root,
    env: { ...process.env, CHDB_PATH: dir, SQL_JSON: JSON.stringify(queries) }
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '[]') as Record<string, unknown>[];
}

/** Every rollup fed from crawl_documents, each counting one document per row. */
const CRAWL_ROLLUPS = [
  'crawl_minute',
  'crawl_daily',
  'crawl_daily_by_day',
  'crawl_monthly',
  'crawl_provenance_daily',
  'crawl_provenance_monthly',
  'crawl_domain_daily',
  'crawl_domain_monthly',
  'crawl_detector_daily'
];

// Rows an hour before the run: inside the minute rollup's 90 days as well as the others.
const RECENT = Date.now() - 3_600_000;

const killed = (p: ChildProcess) => new Promise<void>((resolve) => (p.exitCode !== null ? resolve() : p.once('exit', () => resolve())));

// Embedded only: these kill the server process and reopen its data directory, where chDB is the
// storage. Over a ClickHouse server the storage is the server's, which a test cannot kill from
// here (the harness's own process is chDB again); a lost server is in clickhouse-server.test.ts.
describe.skipIf(onServer())('durability (embedded engine)', () => {
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

  // Three processes start one after another (two servers, then the reader of the rollups): the
  // limit is a guard against a hang, sized for a loaded machine.
  it('keeps every acknowledged write when the server is killed with SIGKILL', async () => {
    const dir = tempDir();
    const first = await child(dir);
    let acked = 0;
    for (let batch = 0; batch < 5; batch++) {
      const r = await ingest(
        first.url,
        'crawl',
        Array.from({ length: 2000 }, (_, i) => crawlRow(batch * 2000 + i, { ts: RECENT + batch * 2000 + i })),
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
      // A retried batch is answered from the record of the first and not written again.
      const retry = await ingest(
        second.url,
        'crawl',
        Array.from({ length: 2000 }, (_, i) => crawlRow(4 * 2000 + i, { ts: RECENT + 4 * 2000 + i })),
        { 'idempotency-key': 'kill-4' }
      );
      expect(retry.body.replayed).toBe(true);
      expect((await streamRows(second.url)).crawl).toBe(acked);
    } finally {
      second.proc.kill('SIGTERM');
      await killed(second.proc);
    }
    // Every rollup agrees with the raw table after the crash: none lost a batch the raw table
    // kept, and none counted the retry.
    const [raw, ...rollups] = await querySeparately(dir, [
      'SELECT count() AS n FROM crawl_documents',
      ...CRAWL_ROLLUPS.map((t) => `SELECT sum(docs) AS n FROM ${t}`)
    ]);
    expect(Number(raw?.n)).toBe(acked);
    expect(Object.fromEntries(CRAWL_ROLLUPS.map((t, i) => [t, Number(rollups[i]?.n)]))).toEqual(
      Object.fromEntries(CRAWL_ROLLUPS.map((t) => [t, acked]))
    );
  }, 180_000);
});

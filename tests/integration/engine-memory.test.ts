// The engine's own memory limit, hit by a panel read on the real embedded engine: a 503 that
// names the engine and the kind, /api/health degraded with the reason for as long as a data
// fault is reported, and healthy again after. The limit is the engine's max_memory_usage, set on
// the embedded engine's session (chDB keeps a SET for the session; every later query runs under
// it), so the refusal is ClickHouse's memory tracker's, MEMORY_LIMIT_EXCEEDED (241), not a
// simulated answer. A server's settings come per request (and the HTTP harness resets each), so
// the suite runs on chDB.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATA_FAULT_MS } from '../../server/engine/state';
import { ManualClock } from '../helpers/manual-clock';
import { crawlRow, ingest, startServer, type TestServer } from '../helpers/server';
import { onServer } from '../helpers/target';

let s: TestServer;
const clock = new ManualClock(Date.now());
/** 3,000 crawl rows a second apart read per minute (50 rows): the engine tracks this read's memory. */
const READ = '/api/panels/provenance.ai_share?from=2025-05-01&to=2025-05-02&grain=minute';

/**
 * A limit of one byte: every query whose memory the engine tracks is refused. A thread's
 * allocations are checked against the limit once they pass max_untracked_memory (4 MiB by
 * default), so small statements (the health probe's SELECT 1, these SETs) still run; one thread
 * per query makes which reads pass that mark a property of the read, not of how the engine split
 * it between threads. Off: both settings back to their defaults.
 */
async function limitMemory(on: boolean): Promise<void> {
  for (const sql of on
    ? ['SET max_threads = 1', 'SET max_memory_usage = 1']
    : ['SET max_memory_usage = DEFAULT', 'SET max_threads = DEFAULT']) {
    await s.app.engine.command(sql, { tag: 'test.memory.limit' });
  }
}

beforeAll(async () => {
  if (onServer()) return;
  s = await startServer({ app: { engineNow: clock.now } });
  expect(
    (
      await ingest(
        s.url,
        'crawl',
        Array.from({ length: 3000 }, (_, i) => crawlRow(i))
      )
    ).status
  ).toBe(200);
});
afterAll(async () => {
  if (!s) return;
  await limitMemory(false);
  await s.close();
});

async function get(path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const r = await fetch(`${s.url}${path}`);
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
}

describe.skipIf(onServer())('engine memory limit', () => {
  it('answers a read over the limit with a 503 naming the engine and "memory limit", and health turns degraded, then recovers', async () => {
    const ok = await get(READ);
    expect([ok.status, (ok.body.rows as unknown[]).length]).toEqual([200, 50]);
    expect((await get('/api/health')).body.status).toBe('ok');

    await limitMemory(true);
    const r = await get(READ);
    expect([r.status, r.body.engine, r.body.kind, r.body.error]).toEqual([
      503,
      'chdb',
      'memory',
      expect.stringMatching(/^the chdb engine failed: memory limit/)
    ]);
    const h = await get('/api/health');
    expect([h.status, h.body.status, h.body.reason, h.body.engine_ok]).toEqual([200, 'degraded', 'memory limit', true]);
    // The engine's own words: its memory tracker refused the query.
    expect(h.body.fault).toEqual(
      expect.objectContaining({ reason: 'memory limit', message: expect.stringMatching(/memory limit exceeded/i) })
    );

    // The limit lifted, the read answers again; health reports the fault until DATA_FAULT_MS has
    // passed since it (other queries succeeding say nothing about the read that failed).
    await limitMemory(false);
    expect((await get(READ)).status).toBe(200);
    clock.t += DATA_FAULT_MS - 1;
    expect((await get('/api/health')).body.reason).toBe('memory limit');
    clock.t += 2;
    const healed = await get('/api/health');
    expect([healed.status, healed.body.status, healed.body.reason, healed.body.fault]).toEqual([200, 'ok', undefined, undefined]);
  });
});

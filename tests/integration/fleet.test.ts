// A fleet of three real servers, each in its own process (so one can be killed with SIGKILL),
// over one ClickHouse endpoint (the HTTP harness over chDB) and one real redis-server. Clients
// are real socket.io clients. Nothing waits on a clock: each step waits for the event it
// expects (a result on a socket, a state in /api/health), bounded only by the test's timeout.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createClient } from '@clickhouse/client';
import { Redis } from 'ioredis';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientToServerEvents, PanelData, ServerToClientEvents } from '../../src/lib/contract/socket';
import type { HealthResponse } from '../../src/lib/contract/api';
import { receiveDelta } from '../../src/lib/shared/live-delta';
import { projectRoot } from '../../server/paths';
import { startClickHouseHttp, type ClickHouseHttp } from '../helpers/clickhouse-http';
import { startRedis, type TestRedis } from '../helpers/redis';
import { ingest } from '../helpers/server';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
// The product's default: renewed every 1.7 s, so a server slowed by a busy machine keeps its leases.
const LEASE_MS = 5_000;
const DATABASE = `pdo_fleet_${process.pid}`;
/** Connections one address may hold across the fleet; every client here comes from 127.0.0.1. */
const PER_ADDRESS = 150;
/** Ten views of one panel that every new posting changes: postings by region over the last 1..10 hours. */
const VIEWS = Array.from({ length: 10 }, (_, i) => ({ from: `now-${i + 1}h`, to: 'now', grain: 'hour' }));
const PANEL = 'market.by_region';

interface Member {
  proc: ChildProcess;
  url: string;
  server: string;
  pid: number;
}

let ch: ClickHouseHttp;
let redis: TestRedis;
const members: Member[] = [];
const clients: Holder[] = [];
let rowNo = 0;

async function startMember(): Promise<Member> {
  const proc = spawn(process.execPath, ['--import', 'tsx', join(projectRoot(), 'tests/helpers/fleet-child.ts')], {
    env: {
      ...process.env,
      CLICKHOUSE_URL: ch.url,
      CLICKHOUSE_DATABASE: DATABASE,
      REDIS_URL: redis.url,
      FLEET_LEASE_MS: String(LEASE_MS),
      SOCKETS_PER_ADDRESS: String(PER_ADDRESS)
    },
    stdio: ['ignore', 'pipe', 'inherit']
  });
  const ready = await new Promise<{ port: number; server: string }>((resolve, reject) => {
    createInterface({ input: proc.stdout! }).once('line', (l) => resolve(JSON.parse(l) as { port: number; server: string }));
    proc.once('exit', (code) => reject(new Error(`fleet server exited before listening (code ${code})`)));
  });
  return { proc, url: `http://127.0.0.1:${ready.port}`, server: ready.server, pid: proc.pid ?? 0 };
}

beforeAll(async () => {
  [ch, redis] = await Promise.all([startClickHouseHttp(), startRedis()]);
  const c = createClient({ url: ch.url });
  await c.command({ query: `CREATE DATABASE IF NOT EXISTS ${DATABASE}` });
  await c.close();
  // One after another: the first applies the migrations, the others find them applied.
  for (let i = 0; i < 3; i++) members.push(await startMember());
}, 180_000);

afterAll(async () => {
  for (const h of clients) h.c.close();
  await Promise.all(
    members.map(
      (m) =>
        new Promise<void>((resolve) => {
          if (m.proc.exitCode !== null || m.proc.signalCode !== null) return resolve();
          m.proc.once('exit', () => resolve());
          m.proc.kill('SIGTERM');
        })
    )
  );
  await redis?.stop();
  await ch?.stop();
}, 60_000);

/** A client holding the rows of each key as the browser does (whole results, then deltas). */
interface Holder {
  c: Client;
  held: Map<string, PanelData>;
  /** Resolvers waiting for a key's rows to satisfy a test. */
  waits: { key: string; ok: (d: PanelData) => boolean; resolve: () => void }[];
}

async function holder(url: string): Promise<Holder> {
  const c: Client = connect(url, { transports: ['websocket'], reconnection: false, forceNew: true });
  const h: Holder = { c, held: new Map(), waits: [] };
  const got = (d: PanelData) => {
    h.held.set(d.key, d);
    h.waits = h.waits.filter((w) => !(w.key === d.key && w.ok(d) && (w.resolve(), true)));
  };
  c.on('panel:data', got);
  c.on('panel:delta', (d) => {
    const next = receiveDelta(h.held.get(d.key) ?? null, d);
    if (next === 'gap') c.emit('resync', { key: d.key });
    else if (next !== 'old') got(next);
  });
  await new Promise<void>((resolve, reject) => {
    c.once('connect', resolve);
    c.once('connect_error', reject);
  });
  clients.push(h);
  return h;
}

async function subscribe(h: Holder, filters: Record<string, string>): Promise<string> {
  const ack = await new Promise<{ key?: string; error?: string }>((resolve) =>
    h.c.emit('subscribe', { panel: PANEL as never, filters: filters as never, deltas: true }, resolve)
  );
  expect(ack.error).toBeUndefined();
  return ack.key!;
}

/** Resolves once the client holds rows for `key` that pass `ok` (at once if it already does). */
function until(h: Holder, key: string, ok: (d: PanelData) => boolean): Promise<void> {
  const now = h.held.get(key);
  if (now && ok(now)) return Promise.resolve();
  return new Promise((resolve) => h.waits.push({ key, ok, resolve }));
}

/** Postings in a result: the sum over its regions. */
const docs = (d: PanelData) => d.rows.reduce((n, r) => n + Number(r.postings ?? 0), 0);

/** Writes `n` postings ten minutes old through `url`, and returns how many there are then. */
let written = 0;
async function write(url: string, n = 1): Promise<number> {
  const ts = new Date(Date.now() - 10 * 60_000).toISOString();
  const rows = Array.from({ length: n }, () => ({
    ts,
    platform: 'p1',
    category: 'writing',
    posting_id: `fleet-${process.pid}-${rowNo++}`,
    budget_usd: 100,
    mentions_ai: true
  }));
  const r = await ingest(url, 'market', rows);
  expect(r.body).toMatchObject({ accepted: n });
  expect(r.status).toBe(200);
  written += n;
  return written;
}

async function metric(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) if (line.startsWith(name + ' ') || line.startsWith(name + '{')) sum += Number(line.split(' ').pop());
  return sum;
}

async function health(url: string): Promise<HealthResponse> {
  return (await (await fetch(`${url}/api/health`)).json()) as HealthResponse;
}

/** Asks again on each answer until `ok` holds: a state change another process makes. */
async function healthUntil(url: string, ok: (h: HealthResponse) => boolean): Promise<HealthResponse> {
  for (;;) {
    const h = await health(url);
    if (ok(h)) return h;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('a fleet of three servers over one ClickHouse and one Redis', () => {
  it('says in /api/health that it is a fleet member with Redis reachable', async () => {
    for (const m of members) {
      const h = await health(m.url);
      expect(h.status).toBe('ok');
      expect(h.fleet).toMatchObject({ server: m.server, redis_ok: true });
    }
  });

  it('a write accepted by one server reaches sockets on the other two', async () => {
    const [a, b, c] = members as [Member, Member, Member];
    const total = await write(a.url);
    const onB = await holder(b.url);
    const onC = await holder(c.url);
    const key = await subscribe(onB, VIEWS[0]!);
    expect(await subscribe(onC, VIEWS[0]!)).toBe(key);
    await Promise.all([until(onB, key, (d) => docs(d) === total), until(onC, key, (d) => docs(d) === total)]);
    // Written on A: B and C hear of it through the change notice, not their next timed refresh
    // (a minute for this panel, beyond this test's timeout).
    const after = await write(a.url, 2);
    await Promise.all([until(onB, key, (d) => docs(d) === after), until(onC, key, (d) => docs(d) === after)]);
  }, 30_000);

  it('100 clients across the three on 10 views cost 10 queries a write, not 30', async () => {
    const hs = await Promise.all(Array.from({ length: 100 }, (_, i) => holder(members[i % 3]!.url)));
    const keys = await Promise.all(hs.map((h, i) => subscribe(h, VIEWS[i % 10]!)));
    const total = written;
    await Promise.all(hs.map((h, i) => until(h, keys[i]!, (d) => docs(d) === total)));
    // A view's very first viewers on each server may run it there once, when no peer has stored a
    // result yet; such a run can still be finishing when every screen already has data from a
    // peer. One write seen everywhere first settles that start, so the count below is one write's.
    const settled = await write(members[1]!.url);
    await Promise.all(hs.map((h, i) => until(h, keys[i]!, (d) => docs(d) === settled)));
    const before = await Promise.all(members.map((m) => metric(m.url, 'pdo_live_queries_total')));
    const receivedBefore = await Promise.all(members.map((m) => metric(m.url, 'pdo_fleet_results_received_total')));
    const after = await write(members[0]!.url);
    await Promise.all(hs.map((h, i) => until(h, keys[i]!, (d) => docs(d) === after)));
    const ran = (await Promise.all(members.map((m) => metric(m.url, 'pdo_live_queries_total')))).map((n, i) => n - before[i]!);
    const received = (await Promise.all(members.map((m) => metric(m.url, 'pdo_fleet_results_received_total')))).map(
      (n, i) => n - receivedBefore[i]!
    );
    // Each view ran once in the fleet, on the server holding its lease; the others received it.
    expect(ran.reduce((a, b) => a + b, 0)).toBe(10);
    expect(received.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(20);
    for (const h of hs) h.c.close();
  }, 120_000);

  it('caps the connections of one address across the three servers, not per server', async () => {
    const open = () => clients.filter((h) => h.c.connected);
    // Closed sockets leave the count as each server notices: wait until the servers agree.
    const counted = async () => (await Promise.all(members.map((m) => metric(m.url, 'pdo_socket_clients')))).reduce((a, b) => a + b, 0);
    while ((await counted()) !== open().length) await new Promise((r) => setTimeout(r, 100));
    const room = PER_ADDRESS - open().length;
    // Each server alone would take PER_ADDRESS; together they take what is left of it.
    const fit = await Promise.all(Array.from({ length: room }, (_, i) => holder(members[i % 3]!.url)));
    expect(fit.every((h) => h.c.connected)).toBe(true);
    for (const m of members) {
      await expect(holder(m.url)).rejects.toThrow(/at most 150 connections from one address, across all servers/);
    }
    for (const h of fit) h.c.close();
    while ((await counted()) !== open().length) await new Promise((r) => setTimeout(r, 100));
    // Freed: one more fits again.
    expect((await holder(members[1]!.url)).c.connected).toBe(true);
  }, 60_000);

  it('kill -9 of the server leading a view hands its lease to another, whose screens keep getting writes', async () => {
    const watchers = await Promise.all(members.map((m) => holder(m.url)));
    const keys = await Promise.all(watchers.map((h) => subscribe(h, VIEWS[9]!)));
    const key = keys[0]!;
    // A write makes the view due everywhere: one server takes its lease and runs it.
    const first = await write(members[0]!.url);
    await Promise.all(watchers.map((h) => until(h, key, (d) => docs(d) === first)));
    const r = new Redis(redis.url);
    r.on('error', () => undefined);
    const lease = (await r.get(`pdo:lease:${key}`)) ?? '';
    const leader = members.find((m) => lease.startsWith(m.server + ' '));
    expect(leader, `lease ${lease}`).toBeDefined();
    await new Promise<void>((resolve) => {
      leader!.proc.once('exit', () => resolve());
      leader!.proc.kill('SIGKILL');
    });
    const survivors = members.filter((m) => m !== leader);
    const left = watchers.filter((_, i) => members[i] !== leader);
    // A write acknowledged just before the kill is in the shared engine; one after it goes to a survivor.
    const after = await write(survivors[0]!.url);
    await Promise.all(left.map((h) => until(h, key, (d) => docs(d) === after)));
    const now = (await r.get(`pdo:lease:${key}`)) ?? '';
    expect(survivors.some((m) => now.startsWith(m.server + ' '))).toBe(true);
    // The dead server's screens: the load balancer sends them to a survivor, where they resync.
    const moved = await holder(survivors[1]!.url);
    await subscribe(moved, VIEWS[9]!);
    await until(moved, key, (d) => docs(d) === after);
    r.disconnect();
    members.splice(members.indexOf(leader!), 1);
  }, 60_000);

  it('with Redis down each server carries on alone, degraded in /api/health, and rejoins when Redis returns', async () => {
    const [a, b] = members as [Member, Member];
    const onA = await holder(a.url);
    const key = await subscribe(onA, VIEWS[4]!);
    await until(onA, key, (d) => docs(d) === written);
    await redis.kill();
    for (const m of members) {
      const h = await healthUntil(m.url, (x) => x.fleet?.redis_ok === false);
      expect(h).toMatchObject({ status: 'degraded', reason: 'redis unavailable' });
    }
    // Alone, A runs its own views: a write to A reaches A's screens whoever held the lease.
    const alone = await write(a.url);
    await until(onA, key, (d) => docs(d) === alone);
    await redis.start();
    for (const m of members) await healthUntil(m.url, (x) => x.status === 'ok' && x.fleet?.redis_ok === true);
    // Back in the fleet: a write to B reaches A through the notice again.
    const back = await write(b.url);
    await until(onA, key, (d) => docs(d) === back);
  }, 60_000);
});

// A fleet of three real servers, each in its own process (so one can be killed with SIGKILL),
// over one ClickHouse endpoint (the HTTP harness over chDB) and one real redis-server. Clients
// are real socket.io clients. Nothing waits on a clock and nothing asks again until a state
// changes: each step waits for the event it expects (rows or an annotation on a socket, a
// server's own log line saying it lost or regained Redis, Redis's keyspace notice that a
// connection count changed, with the count read on each), bounded only by the test's timeout.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createClient } from '@clickhouse/client';
import { Redis } from 'ioredis';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Annotation } from '../../src/lib/contract/annotations';
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
  /** The server's log lines so far (one-line JSON), and tests waiting for one. */
  logs: { msg?: unknown }[];
  logWaits: { msg: string; since: number; resolve: () => void }[];
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
      SOCKETS_PER_ADDRESS: String(PER_ADDRESS),
      FLEET_LOG: '1'
    },
    stdio: ['pipe', 'pipe', 'inherit']
  });
  const logs: Member['logs'] = [];
  const logWaits: Member['logWaits'] = [];
  const ready = await new Promise<{ port: number; server: string }>((resolve, reject) => {
    createInterface({ input: proc.stdout! }).on('line', (l) => {
      let v: { port?: number; server?: string; msg?: unknown };
      try {
        v = JSON.parse(l) as typeof v;
      } catch {
        return; // not one of the server's lines (a tool's notice on stdout)
      }
      if (typeof v.port === 'number') return resolve(v as { port: number; server: string });
      logs.push(v);
      for (const w of logWaits.splice(0)) {
        if (logs.slice(w.since).some((x) => x.msg === w.msg)) w.resolve();
        else logWaits.push(w);
      }
    });
    proc.once('exit', (code) => reject(new Error(`fleet server exited before listening (code ${code})`)));
  });
  return { proc, url: `http://127.0.0.1:${ready.port}`, server: ready.server, pid: proc.pid ?? 0, logs, logWaits };
}

/** Resolves once `m` has logged `msg` after its `since`-th line (at once if it already has). */
function logged(m: Member, msg: string, since: number): Promise<void> {
  if (m.logs.slice(since).some((x) => x.msg === msg)) return Promise.resolve();
  return new Promise((resolve) => m.logWaits.push({ msg, since, resolve }));
}

/** Resolves once `m`'s hub has run every refresh the writes so far asked of it (Hub.quiet). */
function quiet(m: Member): Promise<void> {
  const since = m.logs.length;
  m.proc.stdin!.write('quiet\n');
  return logged(m, 'quiet', since);
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

/**
 * The fleet-wide count of connections from 127.0.0.1, as Redis holds it (one hash field per
 * server), read again on each keyspace notice of a change to that hash until it is `n`. Only
 * after a count settles do the servers agree on who is connected: a closed socket leaves it when
 * its server notices the close.
 */
async function fleetConnections(n: number): Promise<void> {
  const key = 'pdo:conns:127.0.0.1';
  const r = new Redis(redis.url);
  r.on('error', () => undefined);
  const watch = new Redis(redis.url);
  watch.on('error', () => undefined);
  try {
    await r.config('SET', 'notify-keyspace-events', 'Kh');
    const sum = async () => Object.values(await r.hgetall(key)).reduce((a, b) => a + Number(b), 0);
    await new Promise<void>((resolve, reject) => {
      const read = () =>
        sum().then((now) => {
          if (now === n) resolve();
        }, reject);
      watch.on('message', read);
      // Subscribed before the first read, so no change falls between the two.
      watch.subscribe(`__keyspace@0__:${key}`).then(read, reject);
    });
  } finally {
    r.disconnect();
    watch.disconnect();
  }
}

/** A socket holding the annotation set as a screen does: the snapshot, then each delta in order. */
interface AnnotationScreen {
  held: Map<string, Annotation>;
  until(ok: (held: Map<string, Annotation>) => boolean): Promise<void>;
}

async function annotationScreen(url: string): Promise<AnnotationScreen> {
  const c: Client = connect(url, { transports: ['websocket'], reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    c.once('connect', resolve);
    c.once('connect_error', reject);
  });
  clients.push({ c, held: new Map(), waits: [] });
  const held = new Map<string, Annotation>();
  let at = { run: '', seq: -1 };
  let waits: { ok: (h: Map<string, Annotation>) => boolean; resolve: () => void }[] = [];
  const changed = () => (waits = waits.filter((w) => !(w.ok(held) && (w.resolve(), true))));
  const snapshot = () =>
    new Promise<void>((resolve, reject) =>
      c.emit('annotations:subscribe', {}, (snap) => {
        if ('error' in snap) return reject(new Error(snap.error));
        held.clear();
        for (const a of snap.annotations) held.set(a.id, a);
        at = { run: snap.run, seq: snap.seq };
        changed();
        resolve();
      })
    );
  c.on('annotations:delta', (d) => {
    // A delta that does not follow what is held (one missed) asks for the whole set, as the browser does.
    if (d.run !== at.run || d.base !== at.seq) return void snapshot();
    for (const a of d.upserts) held.set(a.id, a);
    for (const id of d.removed) held.delete(id);
    at = { run: d.run, seq: d.seq };
    changed();
  });
  await snapshot();
  return {
    held,
    until: (ok) => (ok(held) ? Promise.resolve() : new Promise((resolve) => waits.push({ ok, resolve })))
  };
}

async function annotate(url: string, method: string, path: string, body?: string, type = 'application/json') {
  const r = await fetch(`${url}${path}`, { method, headers: { 'content-type': type }, ...(body !== undefined ? { body } : {}) });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
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

  it('annotations created, edited, deleted or sent as NDJSON on one server reach screens on the other two', async () => {
    const [a, b, c] = members as [Member, Member, Member];
    const [onA, onB, onC] = (await Promise.all(members.map((m) => annotationScreen(m.url)))) as [
      AnnotationScreen,
      AnnotationScreen,
      AnnotationScreen
    ];
    const id = `fleet-${process.pid}-launch`;
    const created = await annotate(
      a.url,
      'POST',
      '/api/annotations',
      JSON.stringify({ id, time: '2025-03-01T00:00:00Z', title: 'Launch' })
    );
    expect(created).toEqual({ status: 201, body: { id, version: 1 } });
    await Promise.all([onB, onC].map((s) => s.until((h) => h.get(id)?.title === 'Launch')));
    // Edited on B: A and C get version 2.
    const edited = await annotate(b.url, 'PATCH', `/api/annotations/${id}`, JSON.stringify({ title: 'Launch day' }));
    expect(edited).toEqual({ status: 200, body: { id, version: 2 } });
    await Promise.all([onA, onC].map((s) => s.until((h) => h.get(id)?.version === 2 && h.get(id)?.title === 'Launch day')));
    // NDJSON on C: two annotations at once reach A and B.
    const lines = ['one', 'two'].map((n) => JSON.stringify({ id: `${id}-${n}`, time: '2025-03-02T00:00:00Z', title: `Batch ${n}` }));
    const batch = await annotate(c.url, 'POST', '/api/ingest/annotations', lines.join('\n') + '\n', 'application/x-ndjson');
    expect(batch).toEqual({ status: 200, body: { accepted: 2, stream: 'annotations' } });
    await Promise.all([onA, onB].map((s) => s.until((h) => h.has(`${id}-one`) && h.has(`${id}-two`))));
    // Deleted on A: gone from B's and C's screens.
    expect((await annotate(a.url, 'DELETE', `/api/annotations/${id}`)).status).toBe(200);
    await Promise.all([onB, onC].map((s) => s.until((h) => !h.has(id))));
    // Every screen ends with the same set.
    const ids = (s: AnnotationScreen) => [...s.held.keys()].sort();
    expect(ids(onB)).toEqual(ids(onA));
    expect(ids(onC)).toEqual(ids(onA));
    expect(onA.held.get(`${id}-two`)?.title).toBe('Batch two');
  }, 30_000);

  it('100 clients across the three on 10 views cost 10 queries a write, not 30', async () => {
    const hs = await Promise.all(Array.from({ length: 100 }, (_, i) => holder(members[i % 3]!.url)));
    const keys = await Promise.all(hs.map((h, i) => subscribe(h, VIEWS[i % 10]!)));
    const total = written;
    await Promise.all(hs.map((h, i) => until(h, keys[i]!, (d) => docs(d) === total)));
    // A view's very first viewers on each server may run it there once, when no peer has stored a
    // result yet; such a run can still be going when every screen already has data from a peer.
    // And a write that lands while a view's query runs marks the view again, though that query
    // may have read it: every screen then has the write while a rerun is still owed. So one write
    // seen everywhere, then every hub quiet, before counting: the count below is one write's.
    const settled = await write(members[1]!.url);
    await Promise.all(hs.map((h, i) => until(h, keys[i]!, (d) => docs(d) === settled)));
    await Promise.all(members.map(quiet));
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
    // Closed sockets leave the count as each server notices: wait until the fleet's count agrees.
    await fleetConnections(open().length);
    const room = PER_ADDRESS - open().length;
    // Each server alone would take PER_ADDRESS; together they take what is left of it.
    const fit = await Promise.all(Array.from({ length: room }, (_, i) => holder(members[i % 3]!.url)));
    expect(fit.every((h) => h.c.connected)).toBe(true);
    for (const m of members) {
      await expect(holder(m.url)).rejects.toThrow(/at most 150 connections from one address, across all servers/);
    }
    for (const h of fit) h.c.close();
    await fleetConnections(open().length);
    // The servers' own gauges agree with Redis once the count has settled.
    const counted = (await Promise.all(members.map((m) => metric(m.url, 'pdo_socket_clients')))).reduce((a, b) => a + b, 0);
    expect(counted).toBe(open().length);
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
    let since = members.map((m) => m.logs.length);
    await redis.kill();
    // Each server says it lost Redis; from then on /api/health says so.
    await Promise.all(members.map((m, i) => logged(m, 'redis lost: serving alone, every view run here', since[i]!)));
    for (const m of members) {
      expect(await health(m.url)).toMatchObject({ status: 'degraded', reason: 'redis unavailable', fleet: { redis_ok: false } });
    }
    // Alone, A runs its own views: a write to A reaches A's screens whoever held the lease.
    const alone = await write(a.url);
    await until(onA, key, (d) => docs(d) === alone);
    since = members.map((m) => m.logs.length);
    await redis.start();
    // Each says it is back once its subscriptions are (server/fleet/redis.ts), so a notice sent next reaches it.
    await Promise.all(members.map((m, i) => logged(m, 'redis back: rejoining the fleet', since[i]!)));
    for (const m of members) expect(await health(m.url)).toMatchObject({ status: 'ok', fleet: { redis_ok: true } });
    // Back in the fleet: a write to B reaches A through the notice again.
    const back = await write(b.url);
    await until(onA, key, (d) => docs(d) === back);
  }, 60_000);
});

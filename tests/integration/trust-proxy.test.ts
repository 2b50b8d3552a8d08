// TRUST_PROXY over real HTTP and real sockets: the server trusts 127.0.0.1 as its load
// balancer. A request or socket from 127.0.0.1 is the balancer, so the client is the address
// its X-Forwarded-For names; one from 127.0.0.2 (another loopback source address, bound by the
// test) is not a trusted proxy, so whatever it writes in the header changes nothing. Every step
// waits on an answer, an acknowledgement or a connection event, never on a clock.
import { request } from 'node:http';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientToServerEvents, ServerToClientEvents, SubscribeAck } from '../../src/lib/contract/socket';
import { crawlRow, startServer, type TestServer } from '../helpers/server';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
const BALANCER = '127.0.0.1';
const STRANGER = '127.0.0.2';
let s: TestServer;
const sockets: Client[] = [];

beforeAll(async () => {
  s = await startServer({
    env: { TRUST_PROXY: `${BALANCER}, 10.0.0.0/8` },
    app: {
      socketLimits: { maxConnectionsPerAddress: 2, maxKeysPerAddress: 1 },
      // Two bodies at once, one per address.
      admission: { maxBodies: 2, perAddress: 1, maxBytes: 1024 * 1024 }
    }
  });
});

afterAll(async () => {
  for (const c of sockets) c.close();
  await s.close();
});

const line = (i: number) => JSON.stringify(crawlRow(i)) + '\n';

interface Sent {
  /** Sends more of the body (null ends it). */
  push(text: string | null): void;
  answer: Promise<{ status: number; body: Record<string, unknown> }>;
}

/** A POST from `from` (the source address) with X-Forwarded-For `xff`, its body fed by the caller. */
function post(path: string, from: string, xff: string | undefined): Sent {
  const req = request(`${s.url}${path}`, {
    method: 'POST',
    localAddress: from,
    headers: { 'content-type': 'application/x-ndjson', ...(xff !== undefined ? { 'x-forwarded-for': xff } : {}) }
  });
  const answer = new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }));
    });
    req.on('error', reject);
  });
  req.flushHeaders();
  return { push: (t) => (t === null ? req.end() : req.write(t)), answer };
}

async function postWhole(path: string, from: string, xff: string | undefined, body: string) {
  const p = post(path, from, xff);
  p.push(body);
  p.push(null);
  return p.answer;
}

/** Resolves once the server holds `n` bodies (it takes a place when the headers arrive). */
async function inFlight(n: number): Promise<void> {
  for (let turns = 0; s.app.admission.inFlight().bodies < n; turns++) {
    if (turns > 100_000) throw new Error('the upload never reached the server');
    await new Promise((r) => setImmediate(r));
  }
}

/** A socket from `from` naming `xff`; resolves connected, or rejects with the server's refusal. */
async function socket(from: string, xff: string): Promise<Client> {
  const c: Client = connect(s.url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    localAddress: from,
    extraHeaders: { 'x-forwarded-for': xff }
  } as Parameters<typeof connect>[1]);
  sockets.push(c);
  await new Promise<void>((resolve, reject) => {
    c.once('connect', resolve);
    c.once('connect_error', reject);
  });
  return c;
}

function subscribe(c: Client, hours: number): Promise<SubscribeAck> {
  return new Promise((resolve) =>
    c.emit('subscribe', { panel: 'market.by_region', filters: { from: `now-${hours}h`, to: 'now', grain: 'hour' } as never }, resolve)
  );
}

describe('a trusted proxy names the client in X-Forwarded-For', () => {
  it('loopback-only ingest: a remote client behind the balancer is refused, a local one is not', async () => {
    const remote = await postWhole('/api/ingest/crawl', BALANCER, '203.0.113.7', line(1));
    expect(remote.status).toBe(403);
    expect(remote.body.error).toMatch(/open to loopback clients only/);
    // A client writing a loopback address itself is not believed: the balancer appended the real one.
    const forged = await postWhole('/api/ingest/crawl', BALANCER, '127.0.0.1, 203.0.113.7', line(2));
    expect(forged.status).toBe(403);
    const local = await postWhole('/api/ingest/crawl', BALANCER, '127.0.0.9', line(3));
    expect([local.status, local.body]).toEqual([200, { accepted: 1, stream: 'crawl' }]);
  });

  it('ingest places per address count the forwarded clients apart', async () => {
    const held = post('/api/ingest/crawl', BALANCER, '127.0.0.5');
    held.push(line(10));
    await inFlight(1);
    const same = await postWhole('/api/ingest/crawl', BALANCER, '127.0.0.5', line(11));
    expect(same.status).toBe(429);
    expect(same.body.error).toMatch(/at capacity for this address/);
    const other = await postWhole('/api/ingest/crawl', BALANCER, '127.0.0.6', line(12));
    expect(other.status).toBe(200);
    held.push(null);
    expect((await held.answer).status).toBe(200);
  });

  it('the per-address socket cap counts each forwarded client, not the balancer', async () => {
    await socket(BALANCER, '203.0.113.7');
    await socket(BALANCER, '203.0.113.7');
    await expect(socket(BALANCER, '203.0.113.7')).rejects.toThrow(/at most 2 connections from one address/);
    // Behind the same balancer, another client has its own two.
    expect((await socket(BALANCER, '203.0.113.8')).connected).toBe(true);
  });

  it("the distinct views one address may hold (the hub's fairness key) are per forwarded client", async () => {
    const a = await socket(BALANCER, '198.51.100.1');
    const b = await socket(BALANCER, '198.51.100.2');
    expect(await subscribe(a, 1)).toHaveProperty('key');
    expect(await subscribe(a, 2)).toEqual({ error: 'limit: at most 1 distinct subscriptions from one address' });
    expect(await subscribe(b, 2)).toHaveProperty('key');
  });
});

describe('a sender that is not a trusted proxy', () => {
  it('is its own client whatever its X-Forwarded-For says: loopback-only ingest lets it in', async () => {
    const r = await postWhole('/api/ingest/crawl', STRANGER, '203.0.113.7', line(20));
    expect([r.status, r.body]).toEqual([200, { accepted: 1, stream: 'crawl' }]);
  });

  it('cannot spread its ingest bodies over made-up addresses', async () => {
    const held = post('/api/ingest/crawl', STRANGER, '127.0.0.5');
    held.push(line(30));
    await inFlight(1);
    const other = await postWhole('/api/ingest/crawl', STRANGER, '127.0.0.6', line(31));
    expect(other.status).toBe(429);
    expect(other.body.error).toMatch(/at capacity for this address/);
    held.push(null);
    expect((await held.answer).status).toBe(200);
  });

  it('cannot spread its sockets over made-up addresses', async () => {
    const from = '127.0.0.3';
    await socket(from, '198.51.100.7');
    await socket(from, '198.51.100.8');
    await expect(socket(from, '198.51.100.9')).rejects.toThrow(/at most 2 connections from one address/);
  });
});

// A first start on an empty database: the published series load before the simulator starts,
// and a screen that opens while the simulator's history backfill runs gets every published
// panel before the backfill sends its next statement. Checked by the order of events (the
// backfill's statements as the engine receives them, the panels as the socket receives them),
// never by a time budget.
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientToServerEvents, PanelData, ServerToClientEvents, SubscribeAck } from '../../src/lib/contract/socket';
import type { Engine } from '../../server/engine/engine';
import { startServer, type TestServer } from '../helpers/server';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

// What a new screen shows first: Common Crawl's statistics, Indeed's postings, Kobak et al.'s
// excess vocabulary and Epoch AI's training runs.
const PUBLISHED = [
  'published.crawl_volume',
  'published.crawl_languages',
  'published.crawl_tlds',
  'published.job_postings',
  'published.llm_words',
  'training.dataset_sizes'
];

let s: TestServer;

beforeAll(async () => {
  // A live tick an hour apart: only the backfill writes while the test watches.
  s = await startServer({ env: { SIMULATE: 'on' }, app: { simulateIntervalMs: 3_600_000 } });
}, 120_000);

afterAll(async () => {
  await s?.close();
});

/**
 * Records each backfill statement as the engine receives it, passing it on unchanged. The first
 * one is handed to the engine at once but reported done only after `held` resolves: the backfill
 * cannot move past it before the screen below has subscribed, whatever the machine's speed.
 */
function recordStatements(engine: Engine, events: string[], first: () => void, held: Promise<void>): void {
  let seen = 0;
  const note = async <T>(tag: string, run: () => Promise<T>): Promise<T> => {
    if (!tag.startsWith('simulate.backfill') && !tag.startsWith('published.training')) return run();
    events.push(`statement ${tag}`);
    const result = run();
    if (seen++ > 0) return result;
    first();
    await held;
    return result;
  };
  const { command, rows, insertJsonEachRow } = engine;
  engine.command = (sql, o) => note(o.tag, () => command(sql, o));
  engine.rows = <T>(sql: string, o: Parameters<Engine['rows']>[1]) => note(o.tag, () => rows<T>(sql, o));
  engine.insertJsonEachRow = (table, columns, body, o) => note(o.tag, () => insertJsonEachRow(table, columns, body, o));
}

describe('the first start', () => {
  it('answers every published panel before the history backfill sends its next statement', async () => {
    const loads = await s.app.loadPublished();
    expect(loads.every((l) => l.imported > 0)).toBe(true);

    const events: string[] = [];
    // What the server hands to the sockets, in the order it does (the client receives it later).
    s.app.hub.onData((d) => {
      if (d.rows.length > 0) events.push(`data ${d.panel}`);
    });
    let backfillStarted!: () => void;
    const started = new Promise<void>((resolve) => (backfillStarted = resolve));
    let subscribed!: () => void;
    const held = new Promise<void>((resolve) => (subscribed = resolve));
    recordStatements(s.app.engine, events, () => backfillStarted(), held);
    const history = s.app.startSimulation();
    // The screen opens while the first statement of the history runs.
    await started;

    const c: Client = connect(s.url, { transports: ['websocket'], reconnection: false, forceNew: true });
    try {
      const answered = new Set<string>();
      const all = new Promise<void>((resolve) => {
        c.on('panel:data', (d: PanelData) => {
          if (d.rows.length === 0 || answered.has(d.panel)) return;
          answered.add(d.panel);
          if (PUBLISHED.every((p) => answered.has(p))) resolve();
        });
      });
      const acks = await Promise.all(
        PUBLISHED.map(
          (panel) => new Promise<SubscribeAck>((resolve) => c.emit('subscribe', { panel: panel as never, filters: {} }, resolve))
        )
      );
      expect(acks.every((a) => 'key' in a)).toBe(true);
      const subscribedAt = events.length;
      events.push('subscribed');
      subscribed();
      await all;
      await history;

      const later = events.slice(subscribedAt);
      const lastData = Math.max(...PUBLISHED.map((p) => later.indexOf(`data ${p}`)));
      const nextStatement = later.findIndex((e) => e.startsWith('statement'));
      // The backfill still had statements to send after the screen subscribed (else the order
      // would prove nothing), and sent none of them before the last published panel answered.
      expect(nextStatement, events.join('\n')).toBeGreaterThan(0);
      expect(lastData, events.join('\n')).toBeLessThan(nextStatement);
    } finally {
      c.close();
    }
  }, 600_000);
});

// What a statement cost the engine, as the engine itself reports it: on the real embedded engine,
// and, in the second pass of `npm test` (CLICKHOUSE_URL set), over ClickHouse's HTTP interface.
// The live hub rests a view in proportion to this cost rather than to the clock time its query
// took, which under steady writes is mostly a wait for the engine.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFilters } from '../../server/panels/view';
import { measureEngine } from '../../server/engine/cost';
import { embeddedConfig, openEngine, type Engine } from '../../server/engine/engine';
import { migrate } from '../../server/engine/migrations';
import { CATALOGUE } from '../../server/panels/catalogue';
import type { ComputedPanel, PanelDef } from '../../server/panels/definition';
import { runPanelCost } from '../../server/panels/run';
import { resolveView } from '../../server/panels/view';
import { projectRoot } from '../../server/paths';
import { createDatabase } from '../helpers/server';
import { clickhouseServer } from '../helpers/target';

const server = clickhouseServer();
let dir = '';
let engine: Engine;
/**
 * Whether the engine runs statements one at a time, so one sent beside another waits for it: the
 * embedded engine, and the HTTP harness, which serves it one statement after another. A
 * ClickHouse server runs them side by side, and a read there has no such wait to leave out.
 */
let oneAtATime = !server;

beforeAll(async () => {
  if (server) {
    const database = `pdo_cost_${process.pid}_${Date.now()}`;
    await createDatabase(database);
    engine = await openEngine({
      clickhouseUrl: server,
      clickhouseUser: process.env.CLICKHOUSE_USER ?? 'default',
      clickhousePassword: process.env.CLICKHOUSE_PASSWORD ?? '',
      clickhouseDatabase: database,
      chdbPath: ''
    });
  } else {
    dir = mkdtempSync(join(tmpdir(), 'pdo-cost-'));
    engine = await openEngine(embeddedConfig(dir));
  }
  if (server) {
    const answer = await fetch(`${server}/?query=SELECT%201`);
    await answer.arrayBuffer();
    oneAtATime = answer.headers.get('x-clickhouse-server-display-name') === 'clickhouse-http-harness';
  }
  await migrate(engine, join(projectRoot(), 'clickhouse/migrations'), process.env.CLICKHOUSE_CLUSTER);
  await engine.command('CREATE TABLE cost_probe (n UInt64) ENGINE = MergeTree ORDER BY n', { tag: 'test.cost' });
});

afterAll(async () => {
  await engine?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A real number of milliseconds the engine reported, within the time the caller waited for it. */
function expectReported(cost: { engineMs: number; unreported: number; outstandingMs: number }): void {
  expect(cost.unreported).toBe(0);
  expect(Number.isFinite(cost.engineMs)).toBe(true);
  expect(cost.engineMs).toBeGreaterThanOrEqual(0);
  expect(cost.engineMs).toBeLessThanOrEqual(cost.outstandingMs);
}

const defaultView = (def: PanelDef) => resolveView(def, parseFilters({}), Date.now());

describe(`engine cost (${server ? 'over HTTP' : 'embedded'})`, () => {
  it("a read reports the statement's own elapsed time, with its rows as before", async () => {
    const { value, cost } = await measureEngine(() =>
      engine.rows<{ n: number; s: string }>('SELECT number AS n, toString(number) AS s FROM numbers({k:UInt32})', {
        tag: 'test.cost.read',
        params: { k: 3 }
      })
    );
    expect(value).toEqual([
      { n: 0, s: '0' },
      { n: 1, s: '1' },
      { n: 2, s: '2' }
    ]);
    expect(cost.statements).toBe(1);
    expectReported(cost);
  });

  it("a command, and a read in a format of its own, report the statement's own elapsed time", async () => {
    const { cost } = await measureEngine(() =>
      engine.command('INSERT INTO cost_probe SELECT number FROM numbers({k:UInt32})', { tag: 'test.cost.command', params: { k: 1000 } })
    );
    expect(cost.statements).toBe(1);
    expectReported(cost);
    const read = await measureEngine(() => engine.bytes('SELECT count() FROM cost_probe FORMAT TSV', { tag: 'test.cost.bytes' }));
    expect(read.value.toString()).toBe('1000\n');
    expectReported(read.cost);
  });

  it('two reads sent together: neither counts its wait for the other, and each call sees only its own', async (ctx) => {
    if (!oneAtATime) ctx.skip();
    const t0 = performance.now();
    const [slow, fast] = await Promise.all([
      measureEngine(() =>
        engine.rows('SELECT sum(cityHash64(number)) AS h FROM numbers({k:UInt64})', { tag: 'test.cost.slow', params: { k: 100_000_000 } })
      ),
      measureEngine(() => engine.rows('SELECT {k:UInt8} AS one', { tag: 'test.cost.fast', params: { k: 1 } }))
    ]);
    const span = performance.now() - t0;
    for (const r of [slow, fast]) {
      expect(r.cost.statements).toBe(1);
      expectReported(r.cost);
    }
    // Run one after the other, as the engine runs them, their own times fit in the span of both.
    // A time that included the wait would count the first one's run twice.
    expect(slow.cost.engineMs + fast.cost.engineMs).toBeLessThanOrEqual(span);
  });

  it('a SQL panel and a computed one (two reads) report a cost; a statement with no time reported makes it unknown', async () => {
    for (const id of ['provenance.ai_share', 'provenance.marker_words'] as const) {
      const def = CATALOGUE.get(id)!;
      const outer = await measureEngine(() => runPanelCost(engine, undefined, def, defaultView(def), `test.cost ${id}`));
      expect([id, outer.cost.statements, outer.cost.unreported]).toEqual([id, def.kind === 'sql' ? 1 : 2, 0]);
      expect(outer.value.costMs).not.toBeNull();
      expect(outer.value.costMs!).toBeGreaterThanOrEqual(outer.cost.engineMs);
    }
    const unreported: ComputedPanel = {
      kind: 'computed',
      info: CATALOGUE.get('provenance.marker_words')!.info,
      async compute(e) {
        // A raw insert's answer carries no engine time.
        await e.insertJsonEachRow('cost_probe', ['n'], Buffer.from('{"n":1}\n'), { tag: 'test.cost.insert' });
        return [];
      }
    };
    expect((await runPanelCost(engine, undefined, unreported, defaultView(unreported), 'test.cost.insert')).costMs).toBeNull();
  });

  it("a computed panel's Node time counts, the clock time its statements were outstanding does not", async () => {
    const clock = { t: 0 };
    const now = () => clock.t;
    const def: ComputedPanel = {
      kind: 'computed',
      info: CATALOGUE.get('provenance.marker_words')!.info,
      async compute(e, _view, tag) {
        clock.t += 7; // work before the read
        const read = e.rows('SELECT {k:UInt8} AS one', { tag, params: { k: 1 } });
        clock.t += 100; // the read waits for the engine
        await read;
        clock.t += 3; // work on its answer
        return [];
      }
    };
    const outer = await measureEngine(() => runPanelCost(engine, undefined, def, defaultView(def), 'test.cost.node', now), now);
    expect(outer.cost).toMatchObject({ statements: 1, unreported: 0, outstandingMs: 100, wallMs: 110 });
    expect(outer.value.costMs).toBe(outer.cost.engineMs + 10);
  });
});

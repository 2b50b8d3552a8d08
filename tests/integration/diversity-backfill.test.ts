// A database that held samples before the diversity rollups existed: the migrations that create
// the rollups count what is stored, so the panels show those samples as if they had arrived
// after. Their gzip size was never computed (ClickHouse cannot), so the compression ratio is
// NULL for them, as docs/METHODS.md says.
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISTINCT_RELATIVE_ERROR, distinctN, entropyN, tailMass, topWords, typeTokenRatio, words } from '../../server/diversity/metrics';
import { embeddedConfig, openEngine, type Engine } from '../../server/engine/engine';
import { migrate } from '../../server/engine/migrations';
import { CATALOGUE } from '../../server/panels/catalogue';
import { runPanel } from '../../server/panels/run';
import { parseFilters, resolveView } from '../../server/panels/view';
import { projectRoot } from '../../server/paths';
import { COLLAPSE_FAMILY, simulateCollapse } from '../../server/simulate/collapse';

const DIR = join(projectRoot(), 'clickhouse', 'migrations');
const run = simulateCollapse({ seed: 2, textsPerGeneration: 50, generations: 3 });
const BASE = Date.UTC(2025, 2, 1);
let engine: Engine;
const dirs: string[] = [];

beforeAll(async () => {
  const data = mkdtempSync(join(tmpdir(), 'pdo-div-backfill-'));
  const before = mkdtempSync(join(tmpdir(), 'pdo-mig-before-'));
  dirs.push(data, before);
  // The schema as it was before the rollups: every migration numbered below 0070.
  for (const f of readdirSync(DIR)) if (f < '0070') cpSync(join(DIR, f), join(before, f));
  engine = await openEngine(embeddedConfig(data));
  await migrate(engine, before);
  const lines = run.chains.flatMap((chain) =>
    chain.generations.flatMap((g) =>
      g.texts.map((text, i) =>
        JSON.stringify({
          ts: BASE + (g.generation * 100 + i) * 60_000,
          model_family: COLLAPSE_FAMILY,
          model: chain.variant.model,
          generation: g.generation,
          text
        })
      )
    )
  );
  await engine.insertJsonEachRow(
    'model_samples',
    ['ts', 'model_family', 'model', 'generation', 'text'],
    Buffer.from(lines.join('\n') + '\n'),
    {
      tag: 'test'
    }
  );
  expect((await migrate(engine, DIR)).applied.some((m) => m.startsWith('0073'))).toBe(true);
});

afterAll(async () => {
  await engine?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('samples stored before the diversity rollups', () => {
  it('are counted by the migrations, metric by metric as the reference computes them', async () => {
    const def = CATALOGUE.get('diversity.by_generation');
    if (!def) throw new Error('no diversity.by_generation');
    const rows = await runPanel(engine, undefined, def, resolveView(def, parseFilters({}), Date.now()), 'test');
    expect(rows).toHaveLength(2 * 3);
    const top = topWords(
      run.chains.flatMap((c) => c.generations[0]?.texts ?? []),
      100
    );
    for (const chain of run.chains)
      for (const g of chain.generations) {
        const at = `${chain.variant.model} generation ${g.generation}`;
        const r = rows.find((x) => x.model === chain.variant.model && x.generation === g.generation);
        expect(r?.texts, at).toBe(g.texts.length);
        expect(r?.tokens, at).toBe(g.texts.flatMap(words).length);
        for (const n of [1, 2, 3]) {
          const want = distinctN(g.texts, n) ?? NaN;
          expect(Math.abs(Number(r?.[`distinct_${n}`]) / want - 1), at).toBeLessThanOrEqual(DISTINCT_RELATIVE_ERROR);
        }
        expect(Number(r?.entropy_1), at).toBeCloseTo(entropyN(g.texts, 1) ?? NaN, 9);
        expect(Number(r?.ttr), at).toBeCloseTo(typeTokenRatio(g.texts) ?? NaN, 12);
        expect(Number(r?.tail_mass), at).toBeCloseTo(tailMass(g.texts, top) ?? NaN, 12);
        expect(r?.compression_ratio, at).toBeNull();
      }
  });

  it('appear in the trend rollups too', async () => {
    const def = CATALOGUE.get('diversity.trend');
    if (!def) throw new Error('no diversity.trend');
    const view = resolveView(def, parseFilters({ from: '2025-02-01', to: '2025-04-01', grain: 'month' }), Date.now());
    const rows = await runPanel(engine, undefined, def, view, 'test');
    expect(rows.map((r) => [r.t, r.model, r.texts])).toEqual([
      [BASE, 'recursive', 150],
      [BASE, 'recursive-keep10', 150]
    ]);
  });
});

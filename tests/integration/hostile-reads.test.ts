// The hostile suite's stronger oracle, for reads: a 200 to a read with a filter value must be
// explained by that value. The filters the answer says it applied are the ones sent (comma lists
// split, nothing rewritten: a malformed %-escape is refused, never read as U+FFFD); every row's
// dimension column holds one of the values; an answer with data has stored rows carrying the
// values in its window, and an answer without data has none. The same for the values
// /api/dimensions suggests. Queries are generated from the panel catalogue (every panel with a
// dimension, every dimension it takes) with stored, hostile and malformed values, seeded.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIMENSIONS, type Dimension } from '../../src/lib/contract/filters';
import type { PanelInfo } from '../../src/lib/contract/panels';
import { STREAM_TABLES, type Stream } from '../../src/lib/contract/streams';
import { HOSTILE_STRINGS } from '../hostile/values';
import { crawlRow, ingest, startServer, type TestServer } from '../helpers/server';

const SEED = Number(process.env.HOSTILE_SEED ?? 20261206);
const SCALE = Number(process.env.HOSTILE_SCALE ?? 1);
const HOUR = 3_600_000;
let s: TestServer;
let panels: PanelInfo[] = [];

/** Which stream's table holds each dimension as a column. */
const DIMENSION_STREAM: Record<Dimension, Stream> = {
  domain: 'crawl',
  tld: 'crawl',
  lang: 'crawl',
  content_type: 'crawl',
  crawl_source: 'crawl',
  detector: 'crawl',
  platform: 'market',
  category: 'market',
  region: 'market',
  model_family: 'samples',
  model: 'samples'
};
/** The dimensions each stream's table holds as columns. */
const COLUMNS: Partial<Record<Stream, readonly Dimension[]>> = {
  crawl: ['domain', 'tld', 'lang', 'content_type', 'crawl_source', 'detector'],
  market: ['platform', 'category', 'region'],
  samples: ['model_family', 'model'],
  training: ['model']
};
/** The table a panel reads a dimension from: the first of its streams that has the column. */
const streamFor = (p: PanelInfo, d: Dimension): Stream => p.streams.find((st) => COLUMNS[st]?.includes(d)) ?? DIMENSION_STREAM[d];
/** The time column of each stream's table. */
const TIME_COLUMN: Record<Stream, string> = { crawl: 'ts', market: 'ts', samples: 'ts', training: 'published', series: 'date' };

/**
 * Panels whose answer counts only some of the rows a filter selects, so stored rows do not
 * promise data: the marker-word estimate reads documents from crawl files only (crawl_records),
 * never NDJSON rows. For them only the first direction holds (data means stored rows).
 */
const COUNTS_A_SUBSET = new Set(['provenance.marker_words']);
/** Panels over all stored rows whatever the window (their descriptions say so): explained by all rows. */
const WHOLE_HISTORY = new Set(['diversity.by_generation']);

beforeAll(async () => {
  s = await startServer();
  const now = Date.now();
  // Rows at a fixed day and in the last hours, with every optional measure, so each panel has data.
  const crawl = Array.from({ length: 24 }, (_, i) =>
    crawlRow(i, {
      ts: i < 12 ? Date.UTC(2025, 4, 1, 12) + i * 60_000 : now - HOUR - i * 60_000,
      crawl_source: i % 2 ? 'cc-main-2025-18' : 'oracle-crawl',
      detector: i % 3 ? 'acme-v2' : 'none',
      ai_score: (i % 10) / 10,
      quality: 0.5,
      // A domain sent in another case than stored: it must name the URL's own site (docs/INGEST.md).
      ...(i % 4 === 0 ? { url: `https://news.Mixed-Case.example.org/a/${i}`, domain: 'Mixed-Case.example.org' } : {})
    })
  );
  expect((await ingest(s.url, 'crawl', crawl)).status).toBe(200);
  const market = Array.from({ length: 24 }, (_, i) => ({
    ts: i < 12 ? Date.UTC(2025, 4, 1, 12) + i * 60_000 : now - HOUR - i * 60_000,
    platform: i % 2 ? 'oracleplat' : 'otherplat',
    category: i % 3 ? 'writing' : 'coding',
    posting_id: `reads-${i}`,
    region: i % 2 ? 'eu' : 'us',
    budget_usd: 10 + i,
    hourly: i % 2 === 0,
    bids: i,
    mentions_ai: i % 3 === 0
  }));
  expect((await ingest(s.url, 'market', market)).status).toBe(200);
  const samples = Array.from({ length: 24 }, (_, i) => ({
    ts: i < 12 ? Date.UTC(2025, 4, 1, 12) + i * 60_000 : now - HOUR - i * 60_000,
    model_family: i % 2 ? 'fam' : 'other-fam',
    model: `fam-${i % 3}`,
    generation: i % 4,
    text: `the quick brown fox number ${i} jumps over ${i % 5} lazy dogs`
  }));
  expect((await ingest(s.url, 'samples', samples)).status).toBe(200);
  const training = ['fam-1', 'big-run', 'Big-Run'].map((model, i) => ({
    model,
    published: `2025-0${i + 3}-01`,
    training_tokens: 1e12 * (i + 1)
  }));
  expect((await ingest(s.url, 'training', training)).status).toBe(200);
  panels = ((await (await fetch(`${s.url}/api/panels`)).json()) as { panels: PanelInfo[] }).panels;
});
afterAll(async () => {
  await s.close();
});

/** Values of each dimension as stored, as a producer spells them otherwise, and hostile ones. */
const VALUES: Record<Dimension, string[]> = {
  domain: ['site-1.example.org', 'mixed-case.example.org', 'Mixed-Case.example.org', 'www.site-1.example.org'],
  tld: ['org', 'ORG', 'com'],
  lang: ['en', 'de', 'EN', ' en', 'en ', 'fr'],
  content_type: ['article', 'Article'],
  crawl_source: ['cc-main-2025-18', 'oracle-crawl', 'unknown'],
  detector: ['acme-v2', 'none', 'ACME-V2'],
  platform: ['oracleplat', 'otherplat', 'OraclePlat'],
  category: ['writing', 'coding', 'Writing', 'video'],
  region: ['eu', 'us', 'EU'],
  model_family: ['fam', 'other-fam', 'FAM'],
  model: ['fam-0', 'fam-1', 'fam-2', 'FAM-1', 'big-run', 'Big-Run']
};
const HOSTILE = HOSTILE_STRINGS.filter((v) => v.length > 0 && v.length <= 200 && !/[\ud800-\udfff]/.test(v.replace(/\ud83d\ude00/g, '')));
/** Escapes that decode to no text: a read must refuse them (400), never answer for a U+FFFD. */
const MALFORMED = ['%ff', '%E0%A4%A', 'a%C3', '%ED%A0%80', '%', '%zz'];
const WINDOWS = [
  '',
  'from=2025-04-30&to=2025-05-02',
  'from=now-6h',
  'from=2025-05-01T12:00Z&to=2025-05-01T12:05Z',
  'from=now-30d&to=now-1d'
];

interface Filter {
  d: Dimension;
  /** As sent in the query string, raw. */
  raw: string;
  /** The values it means (comma-separated values split), or null for a malformed escape. */
  values: string[] | null;
}

const filterOf = (d: Dimension): fc.Arbitrary<Filter> =>
  fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .array(fc.oneof(fc.constantFrom(...VALUES[d]), fc.constantFrom(...HOSTILE)), { minLength: 1, maxLength: 2 })
        .map((vs) => ({
          d,
          raw: vs.map(encodeURIComponent).join(','),
          values: vs.flatMap((v) => v.split(',')).filter((v) => v !== '')
        }))
    },
    { weight: 1, arbitrary: fc.constantFrom(...MALFORMED).map((raw) => ({ d, raw, values: null })) }
  );

const dayFloor = (ms: number) => Math.floor(ms / 86_400_000) * 86_400_000;

/** Stored rows carrying every filter's values in [from, to) of the table's time column. */
async function storedCount(stream: Stream, filters: Filter[], fromMs: number, toMs: number): Promise<number> {
  const params: Record<string, unknown> = { from: fromMs, to: toMs };
  const where = filters.map((f, i) => {
    params[`v${i}`] = f.values;
    // Column names come from the allow-list of dimensions; values only as parameters.
    return `toString(${f.d}) IN {v${i}:Array(String)}`;
  });
  const time = TIME_COLUMN[stream];
  const [row] = await s.app.engine.rows<{ n: number }>(
    `SELECT count() AS n FROM ${STREAM_TABLES[stream]}
     WHERE toUnixTimestamp64Milli(toDateTime64(${time}, 3, 'UTC')) >= {from:Int64}
       AND toUnixTimestamp64Milli(toDateTime64(${time}, 3, 'UTC')) < {to:Int64}${where.map((w) => ` AND ${w}`).join('')}`,
    { tag: 'test.hostile.explain', params }
  );
  return Number(row?.n ?? 0);
}

const short = (v: unknown) => {
  const t = JSON.stringify(v) ?? 'undefined';
  return t.length > 300 ? `${t.slice(0, 300)}…` : t;
};

describe('every 200 to a filtered read is explained by the filter', () => {
  it(
    'panels: the filters applied are the ones sent, the rows carry them, and data means stored rows (and back)',
    { timeout: 600_000 },
    async () => {
      const filtered = panels.filter((p) => p.dimensions.length > 0);
      expect(filtered.length).toBeGreaterThan(5);
      const cases = fc.sample(
        fc.constantFrom(...filtered).chain((p) =>
          fc.record({
            panel: fc.constant(p),
            filters: fc
              .uniqueArray(fc.constantFrom(...(p.dimensions as Dimension[])), { minLength: 1, maxLength: 2 })
              .chain((ds) => fc.tuple(...ds.map(filterOf))),
            window: fc.constantFrom(...WINDOWS)
          })
        ),
        { seed: SEED, numRuns: Math.round(150 * SCALE) }
      );
      const wrong: string[] = [];
      const seen = { answered: 0, refused: 0, withData: 0, empty: 0 };
      for (const { panel, filters, window } of cases) {
        const query = [...filters.map((f) => `${f.d}=${f.raw}`), window].filter(Boolean).join('&');
        const path = `/api/panels/${panel.id}?${query}`;
        const r = await fetch(`${s.url}${path}`);
        const body = (await r.json()) as Record<string, unknown>;
        if (filters.some((f) => f.values === null)) {
          seen.refused++;
          const bad = filters.find((f) => f.values === null);
          if (r.status !== 400 || body.param !== bad?.d)
            wrong.push(`${path}: a malformed escape must be a 400 naming ${bad?.d}, got ${r.status} ${short(body)}`);
          continue;
        }
        if (r.status !== 200) {
          // Hostile values may be refused (too long, too many); the refusal must name the filter.
          if (!(r.status === 400 && filters.some((f) => f.d === body.param))) wrong.push(`${path}: ${r.status} ${short(body)}`);
          else seen.refused++;
          continue;
        }
        seen.answered++;
        const applied = (body.filters ?? {}) as Record<string, string[]>;
        for (const f of filters) {
          const want = [...new Set(f.values)].sort();
          if (short(applied[f.d]) !== short(want)) wrong.push(`${path}: applied ${f.d}=${short(applied[f.d])}, sent ${short(want)}`);
        }
        const rows = (body.rows ?? []) as Record<string, unknown>[];
        for (const col of panel.columns.filter((c) => c.filter)) {
          const f = filters.find((x) => x.d === col.filter);
          if (!f?.values) continue;
          const off = rows.find((row) => !f.values?.includes(String(row[col.name])));
          if (off) wrong.push(`${path}: a row's ${col.name} is ${short(off[col.name])}, not one of ${short(f.values)}`);
        }
        const measures = panel.columns.filter((c) => c.role === 'measure').map((c) => c.name);
        const hasData = rows.some((row) => measures.some((m) => typeof row[m] === 'number' && row[m] !== 0));
        const whole = WHOLE_HISTORY.has(panel.id);
        const fromMs = whole ? Date.UTC(1900, 0, 1) : Date.parse(String(body.from));
        const toMs = whole ? Date.UTC(2300, 0, 1) : Date.parse(String(body.to));
        // Rollups count whole UTC days at a window's edges: data may come from anywhere in those days.
        const byStream = new Map<Stream, Filter[]>();
        for (const f of filters) byStream.set(streamFor(panel, f.d), [...(byStream.get(streamFor(panel, f.d)) ?? []), f]);
        const within = await Promise.all(
          [...byStream].map(([stream, fs]) => storedCount(stream, fs, dayFloor(fromMs), dayFloor(toMs - 1) + 86_400_000))
        );
        const exact = await Promise.all([...byStream].map(([stream, fs]) => storedCount(stream, fs, fromMs, toMs)));
        if (hasData) {
          seen.withData++;
          if (within.some((n) => n === 0))
            wrong.push(
              `${path}: data, yet no stored row carries the filter's values in the window (${[...byStream.keys()].join(', ')}: ${within.join(', ')})`
            );
        } else {
          seen.empty++;
          if (!COUNTS_A_SUBSET.has(panel.id) && byStream.size === 1 && (exact[0] ?? 0) > 0)
            wrong.push(`${path}: no data, yet ${exact[0]} stored rows carry the filter's values in the window`);
        }
      }
      expect(wrong).toEqual([]);
      // Both directions were exercised, so the oracle could have failed either way.
      expect([seen.withData > 0, seen.empty > 0, seen.refused > 0]).toEqual([true, true, true]);
    }
  );

  it('dimensions: every value suggested starts with the prefix sent and is stored in the window', { timeout: 600_000 }, async () => {
    const cases = fc.sample(
      fc.record({
        d: fc.constantFrom(...DIMENSIONS),
        q: fc.option(fc.oneof(fc.constantFrom('e', 'E', 'fam', 'site', 'Mixed', 'o', 'x', '%'), fc.constantFrom(...HOSTILE))),
        window: fc.constantFrom(...WINDOWS)
      }),
      { seed: SEED + 1, numRuns: Math.round(80 * SCALE) }
    );
    const wrong: string[] = [];
    let suggested = 0;
    for (const { d, q, window } of cases) {
      const query = [q === null ? '' : `q=${encodeURIComponent(q)}`, window].filter(Boolean).join('&');
      const path = `/api/dimensions/${d}?${query}`;
      const r = await fetch(`${s.url}${path}`);
      const body = (await r.json()) as { values?: { value: string; count: number }[]; param?: string };
      if (r.status !== 200) {
        if (!(r.status === 400 && typeof body.param === 'string')) wrong.push(`${path}: ${r.status} ${short(body)}`);
        continue;
      }
      const now = Date.now();
      for (const { value, count } of body.values ?? []) {
        suggested++;
        if (q !== null && !value.toLowerCase().startsWith(q.toLowerCase()))
          wrong.push(`${path}: suggests ${short(value)}, which does not start with ${short(q)}`);
        // The window as the route resolves it, widened to whole days as its rollups count.
        const from = window.match(/from=([^&]+)/)?.[1] ?? 'now-30d';
        const to = window.match(/to=([^&]+)/)?.[1] ?? 'now';
        const ms = (t: string) => (t.startsWith('now') ? now - relMs(t) : Date.parse(t.length === 10 ? `${t}T00:00:00Z` : t));
        const stored = await storedCount(
          DIMENSION_STREAM[d],
          [{ d, raw: value, values: [value] }],
          dayFloor(ms(from)) - 86_400_000,
          dayFloor(ms(to)) + 2 * 86_400_000
        );
        if (stored < count) wrong.push(`${path}: suggests ${short(value)} for ${count} rows, ${stored} stored`);
      }
    }
    expect(wrong).toEqual([]);
    expect(suggested).toBeGreaterThan(0);
  });
});

function relMs(t: string): number {
  const m = /^now(?:-(\d+)(mo|m|h|d|w|y))?$/.exec(t);
  if (!m?.[1]) return 0;
  const unit = { m: 60_000, h: HOUR, d: 24 * HOUR, w: 7 * 24 * HOUR, mo: 31 * 24 * HOUR, y: 366 * 24 * HOUR }[m[2] as 'm'];
  return Number(m[1]) * unit;
}

/**
 * Values for one filter, from its type in the shared filter schema (src/lib/contract/filters.ts):
 * time bounds at every calendar and range edge, every grain and near misses, limits around their
 * bounds, dimension lists of every length and value length. A key the schema gains is fuzzed.
 */
function schemaCandidates(type: string, options: string[]): { raw: string[]; value: unknown }[] {
  switch (type) {
    case 'string':
      return [
        'now',
        'now-1d',
        'now-99999y',
        'now-100000d',
        '1899-12-31',
        '1900-01-01',
        '2299-12-31',
        '2300-01-01',
        '2024-02-29',
        '2023-02-29',
        '2024-04-31',
        '2024-01-01T24:00Z',
        '2024-01-01T23:59:59.999Z',
        '2024-01-01T23:59:59.9999Z',
        '2024-01-01T23:60Z',
        '2024-1-1',
        'yesterday',
        ''
      ].map((v) => ({ raw: [v], value: v }));
    case 'enum':
      return [...options, ...options.map((o) => o.toUpperCase()), 'year', ''].map((v) => ({ raw: [v], value: v }));
    case 'number':
      return ['-1', '0', '1', '50', '100', '101', '1.5', '1e2', '1e308', 'abc', ''].map((v) => ({
        raw: [v],
        value: Number.isFinite(Number(v)) ? Number(v) : v
      }));
    case 'array': {
      const lists: string[][] = [
        ['a'],
        ['x'.repeat(200)],
        ['x'.repeat(201)],
        Array.from({ length: 50 }, (_, i) => `v${i}`),
        Array.from({ length: 51 }, (_, i) => `v${i}`),
        ['b', 'a', 'b']
      ];
      return lists.map((l) => ({ raw: l, value: l }));
    }
    default:
      throw new Error(`the filter schema has a ${type} the fuzzer does not know: teach schemaCandidates`);
  }
}

const WINDOW_KEYS = new Set(['from', 'to']);

describe('every filter of the schema', () => {
  it('refuses what the schema refuses, naming the filter; what a 200 applied is what was sent', { timeout: 600_000 }, async () => {
    const { filtersSchema, canonicalFilters } = await import('../../src/lib/contract/filters');
    const wrong: string[] = [];
    let answered = 0;
    for (const [key, optional] of Object.entries(filtersSchema.shape)) {
      const inner = (optional as unknown as { unwrap(): { def: { type: string; entries?: Record<string, string> } } }).unwrap();
      // A panel that takes the filter: a top-N panel for limit, one listing the dimension for a dimension.
      const panel = panels.find((p) =>
        key === 'limit'
          ? p.id === 'provenance.by_domain'
          : !(DIMENSIONS as readonly string[]).includes(key) || p.dimensions.includes(key as Dimension)
      );
      if (!panel) throw new Error(`no panel takes ${key}`);
      for (const { raw, value } of schemaCandidates(inner.def.type, Object.keys(inner.def.entries ?? {}))) {
        const verdict = filtersSchema.safeParse({ [key]: value });
        const path = `/api/panels/${panel.id}?${raw.map((v) => `${key}=${encodeURIComponent(v)}`).join('&')}`;
        const r = await fetch(`${s.url}${path}`);
        const body = (await r.json()) as Record<string, unknown>;
        if (r.status === 200) {
          answered++;
          if (!verdict.success) wrong.push(`${short(path)}: 200, but the schema refuses it`);
          else {
            const want = (canonicalFilters(verdict.data) as Record<string, unknown>)[key];
            const got = (body.filters as Record<string, unknown> | undefined)?.[key];
            if (short(got) !== short(want)) wrong.push(`${short(path)}: applied ${short(got)}, sent ${short(want)}`);
          }
        } else if (r.status !== 400 || !(body.param === key || (WINDOW_KEYS.has(key) && WINDOW_KEYS.has(String(body.param))))) {
          // A bound that puts the window out of order may be named at either end of it.
          wrong.push(`${short(path)}: expected a 200 or a 400 naming ${key}, got ${r.status} ${short(body)}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(answered).toBeGreaterThan(20);
  });
});

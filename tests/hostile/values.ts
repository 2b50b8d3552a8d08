// Values an attacker or a careless producer sends: each reproduction from the hostile-input
// probe, and the shapes around them. Shared by the hostile suite (npm test) and the long fuzz
// run (npm run bench -- fuzz).
import fc from 'fast-check';
import { DIMENSIONS, GRAINS } from '../../src/lib/contract/filters';
import { PANEL_IDS } from '../../src/lib/contract/panels';
import { STREAMS, type Stream } from '../../src/lib/contract/streams';
import { ROW_SPECS } from '../../server/ingest/rows';

/** Every column some stream's row check writes: the ingest contract of docs/INGEST.md, as code. */
const CONTRACT_FIELDS: string[] = [...new Set(Object.values(ROW_SPECS).flatMap((spec) => [...spec.columns]))].sort();

/** Time bounds that match the filter pattern but name no instant the engine can hold. */
export const OUT_OF_RANGE_BOUNDS: [param: 'from' | 'to', value: string][] = [
  ['from', 'now-99999y'],
  ['from', 'now-99999mo'],
  ['to', '9999-12-31T23:59:59.999Z'],
  ['from', '0000-01-01'],
  ['from', '1899-12-31'],
  ['to', '2300-01-01']
];

/** Bounds that match the filter grammar but name no instant: refused, never rolled over. */
export const IMPOSSIBLE_BOUNDS: [param: 'from' | 'to', value: string][] = [
  ['from', '2024-02-30'],
  ['from', '2023-02-29'],
  ['to', '2024-04-31'],
  ['from', '2024-13-01'],
  ['to', '2024-01-01T24:00:00Z'],
  ['from', '2024-01-01T12:60Z'],
  ['to', '2024-01-01T12:00:60Z']
];

/** Series dates that docs/INGEST.md says are refused, each once silently accepted or rewritten. */
export const IMPOSSIBLE_SERIES_DATES: unknown[] = [
  '2024-01-01T24:00:00Z',
  '2024-01-01T12:00:60Z',
  '2024-01-01T12:00+25:00',
  '2024-01-01T12:00+23:60',
  '2024-01-01T12Z',
  '2024-01-01T12:00:00.Z',
  '2024-02-30',
  '2024-01-01T12:00:00.0001Z',
  1704067200000.5
];

/** Strings that should never change meaning on the way into the database. */
export const HOSTILE_STRINGS = [
  '\ud800',
  'a\udfffb',
  '\ud83d\ude00',
  '\u0000',
  '\u00a0',
  '\u2028',
  '\ufeff',
  '=HYPERLINK("http://evil.example","x")',
  '+1+1',
  '-2+3',
  '@SUM(A1)',
  '\t=1',
  '<script>alert(1)</script>',
  "'; DROP TABLE crawl_documents; --",
  '{x:String}',
  '__proto__',
  'constructor',
  '2024-02-30',
  '2023-02-29T12:00:00Z',
  '2025-01-01T24:00:00Z',
  '1970-01-01',
  '9999-12-31',
  '0000-01-01',
  'now-99999y',
  'x'.repeat(300),
  '%ff',
  '../../etc/passwd',
  'https://EXAMPLE.org/a',
  ''
];

export const HOSTILE_NUMBERS = [0, -0, -1, 0.5, 1e308, -1e308, 2 ** 53, 2 ** 64, 4294967296, 65536, 1e-320, 1735787045123, 1735787045123.5];

/** JSON values of every kind, weighted towards the ones above. */
/** Numbers at every magnitude, both signs, and the edges of the float and integer types. */
const MAGNITUDES: number[] = [
  0,
  -0,
  5e-324,
  1e-300,
  0.5,
  1,
  2 ** 16,
  2 ** 32,
  2 ** 53,
  2 ** 53 + 2,
  1e16,
  1e17,
  1e29,
  1e30,
  1e308,
  -1,
  -1e308
];

/** Times and dates at every boundary the contracts name (1900, 1990, 2100, 2299), leap days and impossible ones. */
const DATE_EDGES: unknown[] = [
  '1899-12-31',
  '1900-01-01',
  '1989-12-31T23:59:59.999Z',
  '1990-01-01T00:00:00Z',
  '2024-02-29',
  '2023-02-29',
  '2099-12-31T23:59:59.999Z',
  '2100-01-01T00:00:00Z',
  '2299-12-31',
  '2300-01-01',
  ...IMPOSSIBLE_SERIES_DATES,
  Date.UTC(1990, 0, 1) - 1,
  Date.UTC(2100, 0, 1)
];

/**
 * Arrays and objects nested `depth` levels. The generated cases stop at 1,000: the suite spells
 * its rows with JSON.stringify, which recurses; 10,000 and 100,000 levels are sent as raw text by
 * the reproduction in tests/integration/hostile.test.ts.
 */
const nested = fc
  .constantFrom(1, 2, 100, 1_000)
  .chain((depth) =>
    fc.constantFrom<unknown>(JSON.parse('['.repeat(depth) + ']'.repeat(depth)), JSON.parse('{"a":'.repeat(depth) + '1' + '}'.repeat(depth)))
  );

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom<unknown>(...HOSTILE_STRINGS, ...HOSTILE_NUMBERS, null, true, false, [], {}) },
  { weight: 2, arbitrary: fc.constantFrom<unknown>(...MAGNITUDES, ...DATE_EDGES) },
  { weight: 1, arbitrary: nested },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() }
);

/** A valid row of each stream; `i` makes it unique where the stream has an identity. */
export function validRow(stream: Stream, i: number): Record<string, unknown> {
  const ts = Date.UTC(2025, 4, 1) + i * 1000;
  switch (stream) {
    case 'crawl':
      return { ts, url: `https://fuzz.example/${i}`, lang: 'en', content_type: 'article', tokens: 100 + i, provenance: 'human' };
    case 'market':
      return { ts, platform: 'fuzzplat', category: 'writing', posting_id: `fz-${i}`, budget_usd: 50 };
    case 'samples':
      return { ts, model_family: 'fuzz', model: 'fuzz-1', generation: i % 10, text: `sample text number ${i}` };
    case 'training':
      return { model: `fuzz-model-${i}`, published: '2024-06-01', training_tokens: 1e12 };
    case 'series':
      return {
        series: 'fuzz.series',
        date: new Date(ts).toISOString().slice(0, 10),
        value: i,
        source: 'hostile-input suite',
        labels: { n: String(i) }
      };
    default:
      return { ts };
  }
}

/** How a line is spelled: compact, spaced, or with keys escaped (`"t\u0073"` for "ts"). */
type Spelling = 'compact' | 'spaced' | 'escaped';

export function spell(row: Record<string, unknown>, how: Spelling): string {
  const compact = JSON.stringify(row);
  if (how === 'compact') return compact;
  if (how === 'spaced') return JSON.stringify(row, null, 1).replace(/\n\s*/g, ' ');
  return compact.replace(/"([a-z_]+)":/g, (_, k: string) => `"${k.slice(0, -1)}\\u00${k.charCodeAt(k.length - 1).toString(16)}":`);
}

/** An ingest body built from valid rows with hostile changes, and how the lines are joined. */
interface IngestCase {
  stream: Stream;
  body: string | Buffer;
  label: string;
}

const lineBreak = fc.constantFrom('\n', '\r\n', '\n\n', '\n \t\n', '\n\u00a0\n', '\n\u2028\n', '\n\ufeff\n', '\n\f\n');

export const ingestCase: fc.Arbitrary<IngestCase> = fc
  .record({
    stream: fc.constantFrom(...STREAMS),
    seed: fc.nat(1_000_000),
    rows: fc.integer({ min: 1, max: 4 }),
    changes: fc.array(
      fc.record({
        row: fc.nat(3),
        // Every field of every stream's contract, read from the row checks themselves, so a field
        // added there is fuzzed here without anyone listing it.
        field: fc.oneof(
          { weight: 4, arbitrary: fc.constantFrom(...CONTRACT_FIELDS) },
          { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
          { weight: 1, arbitrary: fc.constant('__proto__') }
        ),
        value: hostileValue,
        op: fc.constantFrom('set', 'set', 'delete', 'duplicate', 'duplicate-escaped')
      }),
      { maxLength: 3 }
    ),
    spelling: fc.constantFrom<Spelling>('compact', 'spaced', 'escaped'),
    join: lineBreak,
    trailer: fc.constantFrom('', '\n', '\r\n', '\n\n'),
    flip: fc.option(fc.record({ at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }), { freq: 8 })
  })
  .map(({ stream, seed, rows, changes, spelling, join, trailer, flip }) => {
    const objs = Array.from({ length: rows }, (_, i) => validRow(stream, seed * 10 + i));
    const extra: [number, string][] = [];
    for (const c of changes) {
      const o = objs[c.row % rows] as Record<string, unknown>;
      if (c.op === 'set') Object.defineProperty(o, c.field, { value: c.value, enumerable: true, writable: true, configurable: true });
      else if (c.op === 'delete') delete o[c.field];
      else {
        const key =
          c.op === 'duplicate'
            ? JSON.stringify(c.field)
            : `"${[...c.field].map((ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"`;
        extra.push([c.row % rows, `${key}:${JSON.stringify(c.value) ?? 'null'},`]);
      }
    }
    const lines = objs.map((o, i) => {
      const text = spell(o, spelling);
      const dup = extra
        .filter(([r]) => r === i)
        .map(([, t]) => t)
        .join('');
      return dup ? text.replace('{', `{${dup}`) : text;
    });
    const text = lines.join(join) + trailer;
    const label = `${stream} ${spelling} ${JSON.stringify(changes).slice(0, 300)}`;
    if (!flip) return { stream, body: text, label };
    const bytes = Buffer.from(text);
    if (bytes.length > 0) bytes[flip.at % bytes.length] = flip.byte;
    return { stream, body: bytes, label: `${label} flip ${flip.at % Math.max(1, bytes.length)}=${flip.byte}` };
  });

const dimensionOrJunk = fc.oneof(
  fc.constantFrom<string>(...DIMENSIONS, 'from', 'to', 'grain', 'limit', 'format', 'q'),
  fc.string({ maxLength: 6 })
);
const queryValue = fc.oneof(
  fc.constantFrom(
    ...HOSTILE_STRINGS,
    ...OUT_OF_RANGE_BOUNDS.map(([, v]) => v),
    ...GRAINS,
    'csv',
    'parquet',
    'json',
    '0',
    '101',
    '-1',
    'now',
    'now-1d',
    '2025-01-01'
  ),
  fc.string({ maxLength: 12 })
);

/**
 * Percent-encodes like encodeURIComponent, but a lone surrogate (which it refuses) becomes the
 * bytes it would be in CESU-8: malformed UTF-8 in the query, one more thing to survive.
 */
export function encode(s: string): string {
  return [...s]
    .map((ch) => {
      try {
        return encodeURIComponent(ch);
      } catch {
        return '%ED%A0%80';
      }
    })
    .join('');
}

/** A query string: known and unknown keys, repeated keys, hostile values, raw percent-escapes. */
export const queryString: fc.Arbitrary<string> = fc
  .array(fc.tuple(dimensionOrJunk, queryValue, fc.boolean()), { maxLength: 5 })
  .map((pairs) => pairs.map(([k, v, raw]) => `${encode(k)}=${raw ? v.replace(/[&#\s]/g, '') : encode(v)}`).join('&'));

export const pathSegment: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom<string>(...PANEL_IDS) },
  { weight: 1, arbitrary: fc.constantFrom('%ff', '%E0%A4%A', '%', '%zz', '..', '%2e%2e', 'provenance.ai_share%00', '__proto__') },
  { weight: 1, arbitrary: fc.string({ maxLength: 10 }).map(encode) }
);

const FORECAST_KEYS = [
  'as_of',
  'stock_p5',
  'stock_p95',
  'stock_growth_p5',
  'stock_growth_p95',
  'demand_p5',
  'demand_p95',
  'demand_growth_p5',
  'demand_growth_p95',
  'overtraining',
  'draws',
  'seed'
];

export const forecastQuery: fc.Arbitrary<string> = fc
  .array(
    fc.tuple(
      fc.oneof(fc.constantFrom(...FORECAST_KEYS), fc.string({ maxLength: 5 })),
      fc.oneof(
        fc.constantFrom('1e400', 'NaN', '-1', '0', '1e14', '1e15', '2024.5', '100', '5000', 'Infinity', '0x10', '2024-02-30', '2100'),
        fc.string({ maxLength: 8 })
      )
    ),
    { maxLength: 4 }
  )
  .map((pairs) => pairs.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&'));

/** A socket payload: well-formed subscriptions with hostile filters, and anything at all. */
export const socketPayload: fc.Arbitrary<unknown> = fc.oneof(
  fc.record({
    panel: fc.oneof(fc.constantFrom<string>(...PANEL_IDS), fc.string({ maxLength: 8 })),
    filters: fc.oneof(
      fc.dictionary(dimensionOrJunk, fc.oneof(hostileValue, fc.array(hostileValue, { maxLength: 3 })), { maxKeys: 4 }),
      hostileValue
    )
  }),
  fc.anything({ maxDepth: 2 })
);

// Hostile values for every field of every stream, generated from the row contracts themselves
// (server/ingest/rows/contract.ts), each with what docs/INGEST.md says must happen to it: refused,
// or accepted and stored as a given value (the value sent, or its documented normalisation). The
// expectations are worked out here from the contract's words, independently of the checks: a
// date's validity from the calendar, an instant's milliseconds from its parts, a number's from
// its bounds. A field added to a contract is generated for without anyone listing it here.
import fc from 'fast-check';
import type { FieldContract, RowContract } from '../../server/ingest/rows/contract';

/** What must become of a value: refused naming its field, or stored as `stored`. */
export type Expected = { ok: false } | { ok: true; stored: unknown };

/** One value for one field: its JSON text as sent (undefined: the field left out). */
export interface ValueCase {
  json: string | undefined;
  what: string;
  expect: Expected;
}

const MIN_MS = Date.UTC(1990, 0, 1);
const MAX_MS = Date.UTC(2100, 0, 1);
/** Nesting depths sent for every field: the engine and the checks must refuse them, never fail. */
const DEPTHS = [1, 2, 10, 100, 1_000, 10_000, 100_000] as const;

const refuse: Expected = { ok: false };
const keep = (stored: unknown): Expected => ({ ok: true, stored });
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function leap(y: number): boolean {
  return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
}
function daysIn(y: number, m: number): number {
  return [31, leap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] ?? 0;
}

/** The parts of an ISO 8601 instant as a producer might write it, sound or not. */
interface InstantParts {
  y: number;
  mo: number;
  d: number;
  /** null: a date alone. */
  time: null | { h: number; mi: number; s: number | null; frac: string | null; sep: 'T' | ' ' };
  /** null: no offset (UTC); 'Z'; or an offset written with or without its colon. */
  off: null | 'Z' | { sign: 1 | -1; oh: number; om: number; colon: boolean };
}

function renderInstant(p: InstantParts): string {
  let t = `${pad(p.y, 4)}-${pad(p.mo)}-${pad(p.d)}`;
  if (!p.time) return t;
  t += `${p.time.sep}${pad(p.time.h)}:${pad(p.time.mi)}`;
  if (p.time.s !== null) t += `:${pad(p.time.s)}${p.time.frac === null ? '' : `.${p.time.frac}`}`;
  if (p.off === 'Z') t += 'Z';
  else if (p.off) t += `${p.off.sign < 0 ? '-' : '+'}${pad(p.off.oh)}${p.off.colon ? ':' : ''}${pad(p.off.om)}`;
  return t;
}

/**
 * The instant the parts name in epoch ms, or null when they name none (docs/INGEST.md: a day that
 * does not exist, hour 24, minute or second 60, an offset beyond ±23:59, a dot without digits,
 * digits below a millisecond that are not zero).
 */
function instantMs(p: InstantParts): number | null {
  if (p.mo < 1 || p.mo > 12 || p.d < 1 || p.d > daysIn(p.y, p.mo)) return null;
  const t = p.time ?? { h: 0, mi: 0, s: 0, frac: null };
  if (t.h > 23 || t.mi > 59 || (t.s ?? 0) > 59) return null;
  // A dot needs digits, at most nine (nanoseconds); those below the millisecond must be zero.
  if (t.frac !== null && (t.frac.length === 0 || t.frac.length > 9)) return null;
  const frac = t.frac ?? '';
  if (/[1-9]/.test(frac.slice(3))) return null;
  let off = 0;
  if (p.off && p.off !== 'Z') {
    if (p.off.oh > 23 || p.off.om > 59) return null;
    off = p.off.sign * (p.off.oh * 60 + p.off.om) * 60_000;
  }
  const d = new Date(0);
  d.setUTCFullYear(p.y, p.mo - 1, p.d);
  d.setUTCHours(t.h, t.mi, t.s ?? 0, Number(frac.slice(0, 3).padEnd(3, '0')));
  return d.getTime() - off;
}

const instantParts: fc.Arbitrary<InstantParts> = fc.record({
  y: fc.oneof(fc.constantFrom(1899, 1900, 1989, 1990, 2000, 2024, 2099, 2100, 2299, 2300), fc.integer({ min: 1985, max: 2105 })),
  mo: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 12 }) }, { weight: 1, arbitrary: fc.constantFrom(0, 13) }),
  d: fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: 1, max: 28 }) },
    { weight: 2, arbitrary: fc.integer({ min: 29, max: 32 }) },
    {
      weight: 1,
      arbitrary: fc.constant(0)
    }
  ),
  time: fc.option(
    fc.record({
      h: fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 0, max: 23 }) }, { weight: 1, arbitrary: fc.constant(24) }),
      mi: fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 0, max: 59 }) }, { weight: 1, arbitrary: fc.constant(60) }),
      s: fc.option(fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 0, max: 59 }) }, { weight: 1, arbitrary: fc.constant(60) })),
      frac: fc.option(fc.constantFrom('', '1', '12', '123', '1230', '123000', '1234', '000000001', '999999999', '000')),
      sep: fc.constantFrom<'T' | ' '>('T', ' ')
    }),
    { freq: 4 }
  ),
  off: fc.option(
    fc.oneof(
      fc.constant<'Z'>('Z'),
      fc.record({
        sign: fc.constantFrom<1 | -1>(1, -1),
        oh: fc.oneof(fc.constantFrom(0, 5, 23, 24, 25), fc.integer({ min: 0, max: 23 })),
        om: fc.constantFrom(0, 30, 45, 59, 60),
        colon: fc.boolean()
      })
    )
  )
});

/** Instant parts as generated, with the time pieces made consistent (a dot needs seconds). */
function sampleInstants(seed: number, n: number): InstantParts[] {
  return fc.sample(instantParts, { seed, numRuns: n }).map((p) => ({
    ...p,
    // A date alone takes no offset in ISO 8601's extended form; those spellings are fixed cases.
    off: p.time ? p.off : null,
    time: p.time ? { ...p.time, frac: p.time.s === null ? null : p.time.frac } : null
  }));
}

/** Times spelled wrongly in ways the instant parts cannot produce: each is refused. */
const MALFORMED_TIMES = [
  '2024-01-01T12Z',
  '2024-01-01T12:00:00.Z',
  '2024-01-01Z',
  '2024-1-01',
  '24-01-01',
  '2024-01-01T1200',
  '2024-01-01T12:00:00+5',
  '2024-01-01t12:00:00z',
  ' 2024-01-01',
  '2024-01-01 ',
  '2024-01-01T12:00:00.1234567890Z',
  'now',
  'now-1d',
  ''
];

function timeCases(c: FieldContract, seed: number, scale: number): ValueCase[] {
  const out: ValueCase[] = [];
  // What becomes of an instant in this field: its ms, its UTC day, or the day as written.
  const stored = (ms: number | null, written?: string): Expected => {
    if (ms === null) return refuse;
    if (c.kind === 'written-date') {
      const day = written ?? new Date(ms).toISOString().slice(0, 10);
      return day >= '1900-01-01' && day <= '2299-12-31' ? keep(day) : refuse;
    }
    if (ms < MIN_MS || ms >= MAX_MS) return refuse;
    return keep(c.kind === 'utc-date' ? new Date(ms).toISOString().slice(0, 10) : ms);
  };
  for (const p of sampleInstants(seed, Math.round(120 * scale))) {
    const text = renderInstant(p);
    out.push({ json: JSON.stringify(text), what: text, expect: stored(instantMs(p), text.slice(0, 10)) });
  }
  for (const text of MALFORMED_TIMES) out.push({ json: JSON.stringify(text), what: text, expect: refuse });
  // Epoch milliseconds at every edge, whole or not, and spelled as JSON allows.
  const edges = [MIN_MS, MIN_MS - 1, MAX_MS - 1, MAX_MS, Date.UTC(1900, 0, 1), Date.UTC(1899, 11, 31, 23, 59, 59, 999)];
  for (const ms of [...edges, Date.UTC(2024, 1, 29, 12), Date.UTC(2300, 0, 1), 0, -1, 1735787045, 8.64e15, 2 ** 53]) {
    out.push({ json: String(ms), what: `epoch ${ms}`, expect: stored(Number.isSafeInteger(ms) && Math.abs(ms) < 8.64e15 ? ms : null) });
  }
  const whole = Date.UTC(2025, 0, 2, 3, 4, 5, 123);
  out.push({ json: `${whole}.0`, what: 'epoch with .0', expect: stored(whole) });
  out.push({ json: '1.735787045123e12', what: 'epoch in exponent form', expect: stored(1735787045123) });
  out.push({ json: `${whole}.5`, what: 'epoch with a fraction of a millisecond', expect: refuse });
  out.push({ json: '1e400', what: 'epoch beyond a double', expect: refuse });
  return out;
}

/** Numbers at every magnitude and both signs, spelled every way JSON allows, with the edges of the type. */
function numberCases(c: FieldContract & { kind: 'uint' | 'positive' | 'unit-interval' | 'non-negative' | 'finite' }): ValueCase[] {
  const magnitudes = [
    0,
    5e-324,
    1e-300,
    1e-7,
    0.1,
    0.5,
    1,
    2,
    255,
    65535,
    65536,
    2 ** 32 - 1,
    2 ** 32,
    2 ** 53,
    2 ** 53 + 2,
    1e15,
    1e16,
    1e17
  ];
  const values = new Set<number>([...magnitudes, 1e29, 1e30, 1e100, 1e300, 1.7976931348623157e308]);
  for (const v of [...values]) values.add(-v);
  if ('max' in c) for (const v of [c.max, nextUp(c.max), c.max - 1, c.max + 1]) values.add(v);
  values.add(1 - 2 ** -53);
  values.add(1 + 2 ** -52);
  values.add(0.123456789012345);
  const accepts = (v: number): boolean => {
    switch (c.kind) {
      case 'uint':
        return Number.isInteger(v) && v >= 0 && v <= c.max;
      case 'positive':
        return v > 0 && v <= c.max;
      case 'unit-interval':
        return v >= 0 && v <= 1;
      case 'non-negative':
        return v >= 0;
      case 'finite':
        return Number.isFinite(v);
    }
  };
  const store = (v: number): unknown => (c.kind === 'unit-interval' && c.single ? Math.fround(v) : v);
  const out: ValueCase[] = [];
  for (const v of values) {
    for (const json of spellings(v)) out.push({ json, what: json, expect: accepts(v) ? keep(store(v)) : refuse });
  }
  out.push({ json: '-0', what: '-0', expect: accepts(-0) ? keep(store(0)) : refuse });
  for (const json of ['1e400', '-1e400']) out.push({ json, what: json, expect: refuse });
  for (const json of ['"1"', '"0x10"', '"NaN"', '"Infinity"']) out.push({ json, what: `the string ${json}`, expect: refuse });
  return out;
}

/** The same number as JSON may spell it: shortest, with a decimal point, in exponent form. */
function spellings(v: number): string[] {
  const out = new Set([JSON.stringify(v), v.toExponential(), v.toExponential().replace('e+', 'E')]);
  if (Number.isInteger(v) && Math.abs(v) < 1e21) out.add(`${v}.0`);
  return [...out];
}

function nextUp(x: number): number {
  const b = new Float64Array([x]);
  const i = new BigInt64Array(b.buffer);
  i[0] = (i[0] ?? 0n) + (x >= 0 ? 1n : -1n);
  return b[0] ?? x;
}

/** Strings of every awkward kind, for text and label fields. */
const AWKWARD = [
  'a',
  'A',
  'a b',
  'ü',
  '\ud83d\ude00',
  '\u0000',
  '\u00a0',
  '\u2028',
  '\ufeff',
  '=HYPERLINK("http://evil.example","x")',
  '+1+1',
  '-2+3',
  '@SUM(A1)',
  '<script>alert(1)</script>',
  "'; DROP TABLE crawl_documents; --",
  '{x:String}',
  '__proto__',
  '2024-02-30',
  '%ff',
  '../../etc/passwd',
  'https://EXAMPLE.org/a',
  'en',
  'a/b.c-d_e',
  '_x',
  '.x',
  'x'.repeat(64),
  'x'.repeat(65),
  '\\'
];
/** Lone surrogates: JSON can carry them escaped, UTF-8 cannot; always refused. */
const LONE = ['\\ud800', 'a\\udfffb', '\\ude00\\ud83d'];

function stringCases(c: FieldContract, accepts: (s: string) => boolean, store: (s: string) => unknown): ValueCase[] {
  const out: ValueCase[] = [];
  const texts = [...AWKWARD, ''];
  if ('max' in c && c.kind !== 'labels') texts.push('x'.repeat(c.max), 'x'.repeat(c.max + 1), `${'x'.repeat(c.max - 1)}\ud83d\ude00`);
  for (const s of texts) {
    const what = s.length > 40 ? `${s.slice(0, 20)}… (${s.length})` : JSON.stringify(s);
    out.push({ json: JSON.stringify(s), what, expect: accepts(s) ? keep(store(s)) : refuse });
  }
  for (const raw of LONE) out.push({ json: `"${raw}"`, what: raw, expect: refuse });
  // The same text with its letters escaped means the same text (a text no other case sends, so
  // a field that names a row, such as a training run's model, names a row of its own).
  const plain = 'escaped';
  if (accepts(plain)) {
    const escaped = `"${[...plain].map((ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"`;
    out.push({ json: escaped, what: `${plain} escaped`, expect: keep(store(plain)) });
  }
  for (const n of [0, 1, 5]) out.push({ json: String(n), what: `the number ${n}`, expect: refuse });
  return out;
}

const LABEL = /^[a-z0-9][a-z0-9_.\-/]{0,63}$/;
const SERIES_ID = /^[a-z0-9][a-z0-9_.-]{0,127}$/;
const HOST = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;
// A URL the domain can be taken from: scheme://[userinfo@]host/...
const URL_WITH_HOST = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/(?:[^/?#@]*@)?[^/?#:]+/;
const hasLone = (s: string) => /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);

function kindCases(c: FieldContract, seed: number, scale: number): ValueCase[] {
  const len = (s: string, max: number) => s.length >= 1 && s.length <= max && !hasLone(s);
  switch (c.kind) {
    case 'time':
    case 'utc-date':
    case 'written-date':
      return timeCases(c, seed, scale);
    case 'text':
      return stringCases(
        c,
        (s) => (s === '' ? c.empty === 'not given' : len(s, c.max)),
        (s) => s
      );
    case 'url':
      return [
        ...stringCases(
          c,
          (s) => len(s, c.max) && URL_WITH_HOST.test(s),
          (s) => s
        ),
        ...[
          'https://user@host.example/a',
          'http://h.example:8080/x?y#z',
          'ftp://files.example',
          'https://www.Example.ORG/',
          'https:///x'
        ].map((s) => ({ json: JSON.stringify(s), what: s, expect: URL_WITH_HOST.test(s) ? keep(s) : refuse }))
      ];
    case 'host':
      return [
        ...stringCases(
          c,
          (s) => len(s, c.max) && HOST.test(s.toLowerCase()),
          (s) => s.toLowerCase()
        ),
        ...['Example.ORG', 'a-b.example', '-a.example', 'a..b', `${'a'.repeat(253)}`, `${'a'.repeat(254)}`].map((s) => ({
          json: JSON.stringify(s),
          what: s.length > 40 ? `host of ${s.length}` : s,
          expect: s.length <= c.max && HOST.test(s.toLowerCase()) ? keep(s.toLowerCase()) : refuse
        }))
      ];
    case 'label':
      return stringCases(
        c,
        (s) => LABEL.test(s),
        (s) => s
      );
    case 'series-id':
      return [
        ...stringCases(
          c,
          (s) => SERIES_ID.test(s),
          (s) => s
        ),
        ...['x'.repeat(128), 'x'.repeat(129), 'a/b'].map((s) => ({
          json: JSON.stringify(s),
          what: s.length > 40 ? `id of ${s.length}` : s,
          expect: SERIES_ID.test(s) ? keep(s) : refuse
        }))
      ];
    case 'one-of':
      return [
        ...c.values.map((v) => ({ json: JSON.stringify(v), what: v, expect: keep(v) })),
        ...c.values.map((v) => ({ json: JSON.stringify(v.toUpperCase()), what: v.toUpperCase(), expect: refuse })),
        ...['', 'other-thing', ' human']
          .filter((v) => !c.values.includes(v))
          .map((v) => ({ json: JSON.stringify(v), what: v, expect: refuse }))
      ];
    case 'uint':
    case 'positive':
    case 'unit-interval':
    case 'non-negative':
    case 'finite':
      return numberCases(c);
    case 'uint64': {
      const max = 18446744073709551615n;
      const out: ValueCase[] = [];
      for (const s of [
        '0',
        '1',
        '01',
        '00000000000000000001',
        '9007199254740993',
        String(max),
        String(max + 1n),
        '-1',
        '1.0',
        ' 1',
        '1e3',
        '',
        'x'
      ])
        out.push({
          json: JSON.stringify(s),
          what: `"${s}"`,
          expect: /^\d{1,20}$/.test(s) && BigInt(s) <= max ? keep(BigInt(s).toString()) : refuse
        });
      for (const n of [0, 1, 2 ** 53 - 1, 2 ** 53, -1, 0.5, 1e20])
        out.push({ json: JSON.stringify(n), what: String(n), expect: Number.isSafeInteger(n) && n >= 0 ? keep(String(n)) : refuse });
      return out;
    }
    case 'bool':
      return [
        { json: 'true', what: 'true', expect: keep(true) },
        { json: 'false', what: 'false', expect: keep(false) },
        ...['"true"', '0', '1', '"false"'].map((json) => ({ json, what: json, expect: refuse }))
      ];
    case 'labels': {
      const many = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`l${i}`, `v${i}`]));
      const objects: [string, Record<string, unknown>, boolean][] = [
        ['one label', { sector: 'Software Development' }, true],
        ['the most labels', many(c.max), true],
        ['one label too many', many(c.max + 1), false],
        ['an upper-case name', { Sector: 'x' }, false],
        ['a name with a dash', { 'a-b': 'x' }, false],
        ['an empty value', { a: '' }, false],
        ['a number value', { a: 1 }, false],
        ['the longest value', { a: 'x'.repeat(c.valueMax) }, true],
        ['a value too long', { a: 'x'.repeat(c.valueMax + 1) }, false],
        ['an awkward value', { a: '=1+1\u2028\u0000' }, true],
        ['__proto__', JSON.parse('{"__proto__":"x"}') as Record<string, unknown>, false]
      ];
      return [
        ...objects.map(([what, o, ok]) => ({ json: JSON.stringify(o), what, expect: ok ? keep(o) : refuse })),
        { json: '{"a":"\\ud800"}', what: 'a lone surrogate value', expect: refuse },
        { json: '"a=b"', what: 'a string', expect: refuse }
      ];
    }
  }
}

/** Values of any field of the wrong shape: refused, whatever the field, at any depth. */
function shapeCases(c: FieldContract): ValueCase[] {
  const out: ValueCase[] = [];
  for (const json of ['true', '[]', '["a"]', '{"a":1}']) {
    if (c.kind === 'bool' && json === 'true') continue;
    out.push({ json, what: json, expect: refuse });
  }
  for (const depth of DEPTHS) {
    out.push({ json: '['.repeat(depth) + ']'.repeat(depth), what: `arrays ${depth} deep`, expect: refuse });
    out.push({
      json: '{"a":'.repeat(depth) + '"x"' + '}'.repeat(depth),
      what: `objects ${depth} deep`,
      expect: depth === 1 && c.kind === 'labels' ? keep({ a: 'x' }) : refuse
    });
  }
  return out;
}

/** Left out or null: the documented default, the derived value, or refused when required. */
function absentCases(c: FieldContract): ValueCase[] {
  const e: Expected = c.required ? refuse : keep('derived' in c ? { derived: c.derived } : c.value);
  return [
    { json: undefined, what: 'left out', expect: e },
    { json: 'null', what: 'null', expect: e }
  ];
}

/**
 * Every case for one field of a contract, in a fixed order: the seed fixes the generated ones,
 * `scale` multiplies how many are generated (npm run bench -- fuzz).
 */
function fieldCases(c: FieldContract, seed: number, scale = 1): ValueCase[] {
  return [...absentCases(c), ...shapeCases(c), ...kindCases(c, seed, scale)];
}

/** Every (field, case) of a contract. */
export function contractCases(contract: RowContract, seed: number, scale = 1): { field: string; c: ValueCase }[] {
  return Object.entries(contract).flatMap(([field, fieldContract], i) =>
    fieldCases(fieldContract, seed + i, scale).map((c) => ({ field, c }))
  );
}

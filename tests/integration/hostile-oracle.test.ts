// The hostile suite's stronger oracle, for ingest: every field of every stream is sent values
// generated from the row contracts (server/ingest/rows/contract.ts; tests/hostile/contract-cases.ts),
// dates at every boundary, numbers at every magnitude and spelling, strings of every awkward kind,
// nesting up to 100,000 deep. What docs/INGEST.md says must happen is worked out independently of
// the checks, and then held to: a value to refuse gets a 400 naming its line and field and stores
// nothing; a value to accept gets a 200, and every field of the stored row reads back as what was
// sent, or its documented normalisation, or its documented default. A 200 alone proves nothing
// here. Seeded (HOSTILE_SEED), so a failure replays.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STREAMS, type Stream } from '../../src/lib/contract/streams';
import type { FieldContract, RowContract } from '../../server/ingest/rows/contract';
import { ROW_SPECS } from '../../server/ingest/rows';
import { contractCases, type ValueCase } from '../hostile/contract-cases';
import { sameStored, storedRows } from '../hostile/read-back';
import { domainAgrees, expectedSite, tldAgrees } from '../hostile/site';
import { startServer, type TestServer } from '../helpers/server';

const SEED = Number(process.env.HOSTILE_SEED ?? 20261206);
const SCALE = Number(process.env.HOSTILE_SCALE ?? 1);
let s: TestServer;

beforeAll(async () => {
  s = await startServer();
});
afterAll(async () => {
  await s.close();
});

/** Each case's row: a sound row of its stream, unique by `n`, with the case's value in its field. */
interface Field {
  json: string;
  stored: unknown;
}
const TAG_TS = (n: number) => Date.UTC(2031, 0, 1) + n * 1000 + 7;

function baseRow(stream: Stream, n: number): Record<string, Field> {
  const f = (v: unknown, stored: unknown = v): Field => ({ json: JSON.stringify(v), stored });
  switch (stream) {
    case 'crawl':
      return {
        ts: f(TAG_TS(n)),
        url: f(`https://oracle.example/c${n}`),
        lang: f('en'),
        content_type: f('article'),
        tokens: f(100),
        provenance: f('human')
      };
    case 'market':
      return { ts: f(TAG_TS(n)), platform: f('oracleplat'), category: f('writing'), posting_id: f(`oracle-${n}`) };
    case 'samples':
      return { ts: f(TAG_TS(n)), model_family: f('oracle'), model: f('oracle-1'), generation: f(1), text: f(`oracle sample ${n}`) };
    case 'training':
      return { model: f(`oracle-model-${n}`), published: f('2024-06-01'), training_tokens: f(1e12), source: f(`oracle-src-${n}`) };
    case 'series':
      return { series: f(`oracle.c${n}`), date: f('2024-06-01'), value: f(1), source: f(`oracle source ${n}`) };
  }
}

/** The fields that make a case's row findable: the first, unless it is the field under test. */
const TAGS: Record<Stream, [string, string]> = {
  crawl: ['url', 'ts'],
  market: ['posting_id', 'ts'],
  samples: ['text', 'ts'],
  training: ['model', 'source'],
  series: ['series', 'source']
};

interface Built {
  field: string;
  c: ValueCase;
  line: string;
  tag: string;
  tagValue: string | number;
  /** Every contract field's expected stored value, or `derived` for a table default. */
  expected: Record<string, unknown>;
}

const lineOf = (row: Record<string, Field>) =>
  `{${Object.entries(row)
    .map(([k, v]) => `${JSON.stringify(k)}:${v.json}`)
    .join(',')}}`;

function build(stream: Stream, contract: RowContract, field: string, given: ValueCase, n: number, url?: string): Built {
  const row = baseRow(stream, n);
  if (url !== undefined) row.url = { json: JSON.stringify(url), stored: url };
  const c = stream === 'crawl' ? siteRule(field, given, String(row.url?.stored)) : given;
  if (c.json === undefined) delete row[field];
  else row[field] = { json: c.json, stored: c.expect.ok ? c.expect.stored : undefined };
  const line = lineOf(row);
  const tag = TAGS[stream][0] === field ? TAGS[stream][1] : TAGS[stream][0];
  const tagField = row[tag];
  if (!tagField) throw new Error(`${stream}: the tag field ${tag} is missing`);
  const expected: Record<string, unknown> = {};
  for (const [name, fc] of Object.entries(contract)) {
    const sent = row[name];
    expected[name] = sent && sent.json !== 'null' ? sent.stored : fallback(fc);
    // A null or left-out field under test takes what the case says (its default or derived value).
    if (name === field && c.expect.ok && (c.json === undefined || c.json === 'null')) expected[name] = c.expect.stored;
  }
  return { field, c, line, tag, tagValue: tagField.stored as string | number, expected };
}

function fallback(fc: FieldContract): unknown {
  if (fc.required) return undefined;
  return 'derived' in fc ? { derived: fc.derived } : fc.value;
}

/**
 * A crawl case under docs/INGEST.md's site rule: a URL the kind accepts but no site can be taken
 * from is refused; a domain or tld the kind accepts is refused unless it agrees with the URL (the
 * host or a parent down to the registrable domain; the public suffix or a parent), and when it
 * agrees the URL's site is stored, not the value sent.
 */
function siteRule(field: string, c: ValueCase, url: string): ValueCase {
  if (!c.expect.ok) return c;
  if (field === 'url' && c.json !== undefined && c.json !== 'null' && !expectedSite(String(c.expect.stored)))
    return { ...c, expect: { ok: false } };
  if ((field !== 'domain' && field !== 'tld') || c.json === undefined || c.json === 'null') return c;
  const site = expectedSite(url);
  if (!site) throw new Error(`the oracle's crawl row has a URL without a site: ${url}`);
  const sent = String(c.expect.stored);
  const agrees = field === 'domain' ? domainAgrees(sent, site) : tldAgrees(sent, site);
  return { ...c, expect: agrees ? { ok: true, stored: site[field] } : { ok: false } };
}

/** Crawl cases for the site rule, on a URL whose host has a parent above its site and a two-label suffix. */
const SITE_URL = 'https://www.news.oracle.co.uk/s';
// Each case's own path: the URL is what finds its row again.
const SITE_CASES: { field: 'domain' | 'tld'; value: string }[] = [
  ...[
    'www.news.oracle.co.uk',
    'news.oracle.co.uk',
    'oracle.co.uk',
    'News.Oracle.CO.UK',
    'co.uk',
    'uk',
    'other.co.uk',
    'x.www.news.oracle.co.uk',
    'oracle.co'
  ].map((value) => ({ field: 'domain' as const, value })),
  ...['co.uk', 'uk', 'oracle.co.uk', 'k', 'com'].map((value) => ({ field: 'tld' as const, value }))
];

/** Fields the table derives from the URL, resolved to the URL's site (docs/INGEST.md). */
function resolveDerived(expected: Record<string, unknown>): Record<string, unknown> {
  const out = { ...expected };
  const derived = (v: unknown): string | null =>
    v !== null && typeof v === 'object' && 'derived' in v ? String((v as { derived: string }).derived) : null;
  const site = () => expectedSite(String(out.url));
  if (derived(out.domain) === 'registrable domain of url') out.domain = site()?.domain;
  if (derived(out.tld) === 'public suffix of url') out.tld = site()?.tld;
  return out;
}

async function post(stream: Stream, body: string) {
  const r = await fetch(`${s.url}/api/ingest/${stream}`, { method: 'POST', body });
  const text = await r.text();
  return { status: r.status, body: text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : { error: text } };
}

const short = (s: string) => (s.length > 160 ? `${s.slice(0, 150)}… (${s.length} chars)` : s);

describe('every field of every stream, generated from its contract', () => {
  STREAMS.forEach((stream, si) => {
    it(
      `${stream}: refused values are refused naming the field; accepted ones read back as sent or as documented`,
      { timeout: 600_000 },
      async () => {
        const contract = ROW_SPECS[stream].fields;
        const generated = contractCases(contract, SEED + si * 1000, SCALE);
        const cases = [
          ...generated.map(({ field, c }, i) => build(stream, contract, field, c, si * 100_000 + i)),
          // The site rule's own cases (crawl): kept as the kind keeps them, then judged by siteRule.
          ...(stream === 'crawl' ? SITE_CASES : []).map(({ field, value }, i) =>
            build(
              stream,
              contract,
              field,
              { json: JSON.stringify(value), what: `${value} for ${SITE_URL}`, expect: { ok: true, stored: value.toLowerCase() } },
              si * 100_000 + generated.length + i,
              `${SITE_URL}${i}`
            )
          )
        ];
        // Every field is exercised: a field the contract gained is in the cases without a list here.
        expect(new Set(cases.map((b) => b.field))).toEqual(new Set(Object.keys(contract)));
        const wrong: string[] = [];
        const good = lineOf(baseRow(stream, si * 100_000 + 99_000));

        // Refusals: each alone after a sound line, so the line number and the field are checked.
        const refused = cases.filter((b) => !b.c.expect.ok);
        for (const b of refused) {
          const r = await post(stream, `${good}\n${b.line}\n`);
          const field = r.body.field;
          const named = typeof field === 'string' && (field === b.field || field.startsWith(`${b.field}.`));
          if (r.status !== 400 || r.body.line !== 2 || !named)
            wrong.push(
              `${stream}.${b.field} = ${b.c.what}: expected a 400 naming line 2 and ${b.field}, got ${r.status} ${short(JSON.stringify(r.body))}`
            );
        }

        // Acceptances: sent in batches (one bad row would refuse its batch, so a refused batch is
        // sent again row by row to name the row).
        const accepted = cases.filter((b) => b.c.expect.ok);
        const sent: Built[] = [];
        for (let i = 0; i < accepted.length; i += 50) {
          const batch = accepted.slice(i, i + 50);
          const r = await post(stream, batch.map((b) => b.line).join('\n') + '\n');
          if (r.status === 200 && r.body.accepted === batch.length) {
            sent.push(...batch);
            continue;
          }
          for (const b of batch) {
            const one = await post(stream, `${b.line}\n`);
            if (one.status === 200) sent.push(b);
            else wrong.push(`${stream}.${b.field} = ${b.c.what}: expected a 200, got ${one.status} ${short(JSON.stringify(one.body))}`);
          }
        }

        // Read back every field of every accepted row; and no refused row was stored.
        for (const tag of new Set(cases.map((b) => b.tag))) {
          const mine = cases.filter((b) => b.tag === tag);
          const stored = await storedRows(
            s.app.engine,
            stream,
            contract,
            tag,
            mine.map((b) => b.tagValue)
          );
          for (const b of mine) {
            const rows = stored.get(String(b.tagValue)) ?? [];
            if (!b.c.expect.ok || !sent.includes(b)) {
              if (!b.c.expect.ok && rows.length > 0) wrong.push(`${stream}.${b.field} = ${b.c.what}: refused, yet stored`);
              continue;
            }
            if (rows.length !== 1) {
              wrong.push(`${stream}.${b.field} = ${b.c.what}: ${rows.length} rows stored, expected 1`);
              continue;
            }
            const expected = resolveDerived(b.expected);
            for (const [name, fc] of Object.entries(contract)) {
              const got = rows[0]?.[name];
              if (!sameStored(fc, got, expected[name]))
                wrong.push(
                  `${stream}.${b.field} = ${b.c.what}: ${name} stored as ${short(JSON.stringify(got) ?? 'undefined')}, expected ${short(JSON.stringify(expected[name]) ?? 'undefined')}`
                );
            }
          }
        }
        expect(wrong).toEqual([]);
        // The oracle saw both outcomes, so it could have failed either way.
        expect([refused.length > 0, sent.length > 0]).toEqual([true, true]);
      }
    );
  });
});

describe('what the generated rows left stored', () => {
  it(
    'takes no read down: every panel answers over the whole span the contracts allow, with every extreme stored',
    { timeout: 600_000 },
    async () => {
      // The premise: the streams above stored the extremes (this test runs after them).
      const [x] = await s.app.engine.rows<{ budget: number; first: string; last: string }>(
        `SELECT (SELECT max(budget_usd) FROM market_postings) AS budget, (SELECT toString(min(ts)) FROM crawl_documents) AS first,
              (SELECT toString(max(ts)) FROM crawl_documents) AS last`,
        { tag: 'test.hostile.extremes' }
      );
      expect(x).toEqual({ budget: Number.MAX_VALUE, first: '1990-01-01 00:00:00.000', last: '2099-12-31 23:59:59.999' });
      const { panels } = (await (await fetch(`${s.url}/api/panels`)).json()) as { panels: { id: string }[] };
      const failed: string[] = [];
      for (const { id } of panels) {
        for (const q of ['', 'from=1990-01-01&to=2100-01-01', 'from=1900-01-01&to=2299-12-31&grain=month']) {
          for (const format of ['json', 'csv']) {
            const r = await fetch(`${s.url}/api/panels/${id}?${q}${q ? '&' : ''}format=${format}`);
            const text = await r.text();
            // A 400 for a window a panel cannot take is an answer; a 5xx is a read taken down.
            if (r.status >= 500 || (r.status === 400 && !text.includes('"param"')))
              failed.push(`${id}?${q} ${format}: ${r.status} ${text.slice(0, 200)}`);
          }
        }
      }
      for (const path of [
        '/api/forecast',
        '/api/forecast?model=simple',
        '/api/forecast?inputs=live',
        '/api/forecast?inputs=live&as_of=2100-01-01',
        '/api/forecast?model=simple&as_of=2100-01-01',
        '/api/health',
        '/api/streams'
      ]) {
        const r = await fetch(`${s.url}${path}`);
        if (r.status !== 200) failed.push(`${path}: ${r.status} ${(await r.text()).slice(0, 200)}`);
      }
      expect(failed).toEqual([]);
    }
  );
});

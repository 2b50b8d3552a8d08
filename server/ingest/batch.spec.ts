import { describe, expect, it } from 'vitest';
import { BatchError, buildBatch } from './batch';
import { ROW_SPECS } from './rows';

const ok = {
  ts: '2025-01-02T03:04:05Z',
  url: 'https://www.example.org/a',
  lang: 'en',
  content_type: 'article',
  tokens: 10,
  provenance: 'human'
};
const line = (o: unknown) => JSON.stringify(o);

function fails(body: string): BatchError {
  try {
    buildBatch(ROW_SPECS.crawl, body);
  } catch (e) {
    if (e instanceof BatchError) return e;
    throw e;
  }
  throw new Error('expected a BatchError');
}

describe('building a batch from NDJSON', () => {
  it('sends well-formed lines to ClickHouse as they came, without a copy', () => {
    const body = Buffer.from(line(ok) + '\n' + line({ ...ok, simhash: '18446744073709551615', ts: 1735787045000 }) + '\n');
    const b = buildBatch(ROW_SPECS.crawl, body);
    expect(b).toMatchObject({ rows: 2, rewritten: 0, maxTime: Date.UTC(2025, 0, 2, 3, 4, 5) });
    expect(b.body).toBe(body);
  });

  it('rewrites a row ClickHouse would read differently, normalised and with defaults filled in', () => {
    const cases: [Record<string, unknown>, Record<string, unknown>][] = [
      [{ ...ok, tokens: 5.0 }, { tokens: 5 }],
      [{ ...ok, crawl_source: null }, { crawl_source: 'unknown' }],
      [
        { ...ok, domain: 'WWW.Example.ORG' },
        { domain: 'example.org', tld: 'org' }
      ],
      // The table's DEFAULT would store the host and its last label: the site is written instead.
      [
        { ...ok, url: 'https://news.bbc.co.uk/x' },
        { domain: 'bbc.co.uk', tld: 'co.uk' }
      ],
      [
        { ...ok, url: 'http://192.0.2.7/x' },
        { domain: '192.0.2.7', tld: 'ip' }
      ]
    ];
    for (const [row, expected] of cases) {
      const text = row.tokens === 5.0 ? line(row).replace('"tokens":5', '"tokens":5.0') : line(row);
      const b = buildBatch(ROW_SPECS.crawl, text);
      expect(b.rewritten).toBe(1);
      expect(JSON.parse(b.body.toString())).toMatchObject(expected);
    }
  });

  it('writes integers spelled 1e3 or 5.0 as plain integers', () => {
    const b = buildBatch(ROW_SPECS.market, '{"ts":1.7e12,"platform":"p","category":"coding","posting_id":"1","bids":3.0}');
    expect(b.rewritten).toBe(1);
    expect(JSON.parse(b.body.toString())).toMatchObject({ ts: 1.7e12, bids: 3 });
  });

  it('skips blank lines and CRLF endings but counts them in line numbers', () => {
    const b = buildBatch(ROW_SPECS.crawl, `${line(ok)}\r\n\r\n${line(ok)}\r\n`);
    expect(b.rows).toBe(2);
    const e = fails(`${line(ok)}\n\n{oops\n`);
    expect(e.line).toBe(3);
  });

  it('names the line and field of the first bad value', () => {
    const e = fails([line(ok), line(ok), line({ ...ok, tokens: -1 })].join('\n'));
    expect(e).toMatchObject({ line: 3, field: 'tokens' });
    expect(e.message).toBe('line 3: tokens must be an integer from 0 to 4294967295');
  });

  it('takes times as ISO 8601 (offset or UTC) or epoch milliseconds', () => {
    const t = (ts: unknown) => buildBatch(ROW_SPECS.crawl, line({ ...ok, ts })).maxTime;
    expect(t('2025-01-02T04:04:05+01:00')).toBe(Date.UTC(2025, 0, 2, 3, 4, 5));
    expect(t('2025-01-02 03:04:05')).toBe(Date.UTC(2025, 0, 2, 3, 4, 5));
    expect(t('2025-01-02')).toBe(Date.UTC(2025, 0, 2));
    expect(t(1735787045000)).toBe(1735787045000);
    expect(fails(line({ ...ok, ts: 'yesterday' })).field).toBe('ts');
    expect(fails(line({ ...ok, ts: '2025-13-45' })).field).toBe('ts');
  });

  it('keeps 64-bit hashes exact as decimal strings', () => {
    expect(buildBatch(ROW_SPECS.crawl, line({ ...ok, simhash: '18446744073709551615' })).rewritten).toBe(0);
    expect(fails(line({ ...ok, simhash: '18446744073709551616' })).field).toBe('simhash');
    expect(fails(line({ ...ok, simhash: 2 ** 60 })).field).toBe('simhash');
  });

  it('sends integers as written only when ClickHouse reads the digits JSON.parse did', () => {
    const rewritten = (text: string) => buildBatch(ROW_SPECS.crawl, text).rewritten;
    expect(rewritten(line({ ...ok, tokens: 1234 }))).toBe(0);
    expect(rewritten(line({ ...ok, tokens: 1234 }).replace('"tokens":1234', '"tokens":1234 '))).toBe(0);
    expect(rewritten(line({ ...ok, tokens: 0 }).replace('"tokens":0', '"tokens":-0'))).toBe(1);
    expect(rewritten(line({ ...ok, tokens: 1234 }).replace('"tokens":1234', '"tokens":1.234e3'))).toBe(1);
    // Past 15 digits a double cannot tell every integer apart: the largest safe one still goes as sent.
    expect(rewritten(line({ ...ok, simhash: Number.MAX_SAFE_INTEGER }))).toBe(0);
    expect(rewritten(line({ ...ok, ts: 1735787045000 }).replace('1735787045000', '1735787045000.0'))).toBe(1);
  });

  it('names in the insert only the columns some row writes, so the others take their DEFAULT', () => {
    const plain = buildBatch(ROW_SPECS.crawl, line(ok));
    expect(plain.columns).toEqual(['ts', 'url', 'lang', 'content_type', 'tokens', 'provenance']);
    const two = buildBatch(ROW_SPECS.crawl, `${line(ok)}\n${line({ ...ok, quality: 0.5 })}\n`);
    expect(two.columns).toEqual(['ts', 'url', 'lang', 'content_type', 'tokens', 'provenance', 'quality']);
    // A rewritten row writes what its rewrite holds.
    const rewritten = buildBatch(ROW_SPECS.crawl, line({ ...ok, crawl_source: null }));
    expect(rewritten.rewritten).toBe(1);
    expect(rewritten.columns).toEqual(expect.arrayContaining(Object.keys(JSON.parse(rewritten.body.toString()) as object)));
  });

  it('takes empty lines out of what is written, which ClickHouse would read as the end of the rows', () => {
    const b = buildBatch(ROW_SPECS.crawl, `${line(ok)}\n\n${line(ok)}\r\n\n\n`);
    expect(b).toMatchObject({ rows: 2, rewritten: 0 });
    expect(b.body.toString()).toBe(`${line(ok)}\n${line(ok)}\r\n`);
  });

  it('names the columns in the order the first row writes its fields', () => {
    const first = { provenance: 'human', tokens: 10, ts: ok.ts, url: ok.url, content_type: 'article', lang: 'en' };
    const b = buildBatch(ROW_SPECS.crawl, `${line(first)}\n${line({ ...ok, quality: 0.5 })}\n`);
    expect(b.columns).toEqual(['provenance', 'tokens', 'ts', 'url', 'content_type', 'lang', 'quality']);
  });

  it('adds the site to a row whose host the column DEFAULTs get wrong, the line otherwise as sent', () => {
    const sub = { ...ok, url: 'https://news.bbc.co.uk/a' };
    const body = `${line(ok)}\r\n${line(sub)}\n\n${line({ ...sub, quality: 0.5 })}\n`;
    const b = buildBatch(ROW_SPECS.crawl, body);
    expect(b).toMatchObject({ rows: 3, rewritten: 2 });
    expect(b.body.toString()).toBe(
      `${line(ok)}\r\n${line(sub).slice(0, -1)},"domain":"bbc.co.uk","tld":"co.uk"}\n` +
        `${line({ ...sub, quality: 0.5 }).slice(0, -1)},"domain":"bbc.co.uk","tld":"co.uk"}\n`
    );
    expect(b.columns).toEqual(['ts', 'url', 'lang', 'content_type', 'tokens', 'provenance', 'domain', 'tld', 'quality']);
    // A row that must be rebuilt anyway still is, with the same site.
    const rebuilt = buildBatch(ROW_SPECS.crawl, line({ ...sub, crawl_source: null }));
    expect(JSON.parse(rebuilt.body.toString())).toMatchObject({ domain: 'bbc.co.uk', tld: 'co.uk', crawl_source: 'unknown' });
  });

  it('checks the market, samples and training contracts', () => {
    expect(buildBatch(ROW_SPECS.market, line({ ts: 1.7e12, platform: 'p', category: 'coding', posting_id: '1' })).rows).toBe(1);
    expect(() => buildBatch(ROW_SPECS.market, line({ ts: 1.7e12, platform: 'p', category: 'poetry', posting_id: '1' }))).toThrow(
      /category must be one of writing/
    );
    expect(() => buildBatch(ROW_SPECS.samples, line({ ts: 1.7e12, model_family: 'f', model: 'm', generation: 1.5, text: 'x' }))).toThrow(
      /generation/
    );
    expect(() => buildBatch(ROW_SPECS.training, line({ model: 'x', published: '2024-01-01', training_tokens: 0 }))).toThrow(
      /training_tokens must be a positive number/
    );
  });
});

import { describe, expect, it } from 'vitest';
import { DIMENSIONS, type Dimension } from '../../src/lib/contract/filters';
import { dimensionValuesQuery } from './dimension-values';

const TO = Date.UTC(2025, 0, 15, 12);
const DAY = 86_400_000;

const SOURCES: [Dimension, number, string][] = [
  ['domain', 30, 'crawl_domain_daily'],
  ['domain', 400, 'crawl_domain_monthly'],
  ['tld', 30, 'crawl_domain_daily'],
  ['lang', 30, 'crawl_daily'],
  ['content_type', 3000, 'crawl_daily'],
  ['crawl_source', 30, 'crawl_detector_daily'],
  ['detector', 30, 'crawl_detector_daily'],
  ['platform', 30, 'market_daily'],
  ['category', 30, 'market_daily'],
  ['region', 30, 'market_daily'],
  ['model_family', 30, 'model_samples'],
  ['model', 30, 'model_samples']
];

describe('filter values come from the smallest table that has the dimension', () => {
  it.each(SOURCES)('%s over %d days: %s', (dimension, days, table) => {
    const q = dimensionValuesQuery({ dimension, fromMs: TO - days * DAY, toMs: TO, limit: 50 });
    expect(q.source).toBe(table);
    expect(q.sql).toContain(`FROM ${table}`);
  });

  it('covers every dimension of the filter schema', () => {
    // Every dimension has a source case above, and its query lists that dimension's own values.
    expect(new Set(SOURCES.map(([d]) => d))).toEqual(new Set(DIMENSIONS));
    for (const dimension of DIMENSIONS)
      expect(dimensionValuesQuery({ dimension, fromMs: TO - DAY, toMs: TO, limit: 1 }).sql).toContain(
        `SELECT toString(${dimension}) AS value`
      );
  });

  it('starts a monthly read at the first of the month that holds `from`', () => {
    const q = dimensionValuesQuery({ dimension: 'domain', fromMs: Date.UTC(2023, 5, 17, 8), toMs: TO, limit: 50 });
    expect(q.params.from).toBe('2023-06-01 00:00:00.000');
  });

  it('binds the prefix and the limit, never writing them into the SQL', () => {
    const prefix = "ex' OR 1=1 --";
    const q = dimensionValuesQuery({ dimension: 'domain', fromMs: TO - DAY, toMs: TO, prefix, limit: 7 });
    expect(q.sql).not.toContain(prefix);
    expect(q.sql).toContain('startsWith(lowerUTF8(toString(domain)), lowerUTF8({prefix:String}))');
    expect(q.sql).toContain('LIMIT {limit:UInt32}');
    expect(q.params).toMatchObject({ prefix, limit: 7 });
    expect(dimensionValuesQuery({ dimension: 'lang', fromMs: TO - DAY, toMs: TO, limit: 7 }).sql).not.toContain('prefix');
  });
});

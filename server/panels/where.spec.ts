import { describe, expect, it } from 'vitest';
import { filtersSchema } from '../../src/lib/contract/filters';
import { CRAWL_SOURCES } from './domains/provenance-sql';
import { pickSource } from './source';
import { buildWhere } from './where';
import { parseFilters } from './view';

const raw = CRAWL_SOURCES[CRAWL_SOURCES.length - 1]!;
const FROM = Date.UTC(2024, 0, 1);
const TO = Date.UTC(2024, 6, 1);

describe('the where builder', () => {
  it('opens with the time range and binds every value', () => {
    const w = buildWhere(raw, { lang: ['de', 'en'], domain: ['a.example'] }, FROM, TO);
    expect(w.sql).toBe(
      "WHERE ts >= {from:DateTime64(3, 'UTC')} AND ts < {to:DateTime64(3, 'UTC')} AND domain IN {f_domain:Array(String)} AND lang IN {f_lang:Array(String)}"
    );
    expect(w.params).toEqual({
      from: '2024-01-01 00:00:00.000',
      to: '2024-07-01 00:00:00.000',
      f_domain: ['a.example'],
      f_lang: ['de', 'en']
    });
  });

  it('compares a Date column by day', () => {
    const daily = CRAWL_SOURCES.find((s) => s.table === 'crawl_daily')!;
    expect(buildWhere(daily, {}, FROM, TO).sql).toBe(
      "WHERE day >= toDate({from:DateTime64(3, 'UTC')}) AND day <= toDate({to:DateTime64(3, 'UTC')})"
    );
  });

  it('refuses a filter the source has no column for', () => {
    const daily = CRAWL_SOURCES.find((s) => s.table === 'crawl_daily')!;
    expect(() => buildWhere(daily, { domain: ['x'] }, FROM, TO)).toThrow(/no column for filter domain/);
  });

  // Hostile values in every dimension: none may reach the SQL text, only the parameters.
  const attacks = ["x' OR 1=1 --", 'a); DROP TABLE crawl_documents; --', '{from:String}', "\\'", 'en\u0000'];
  for (const dim of ['domain', 'tld', 'lang', 'content_type', 'crawl_source', 'detector'] as const) {
    it(`keeps hostile ${dim} values out of the SQL text`, () => {
      const f = parseFilters({ [dim]: attacks });
      const w = buildWhere(raw, f, FROM, TO);
      for (const a of attacks) expect(w.sql).not.toContain(a);
      expect(w.params[`f_${dim}`]).toEqual([...attacks].sort());
    });
  }

  it('never lets a filter name become a column: unknown keys fail validation', () => {
    expect(filtersSchema.safeParse({ 'lang) OR (1': ['x'] }).success).toBe(false);
    expect(() => parseFilters({ provenance: ['ai'] })).toThrow(/unknown filter provenance/);
  });
});

describe('source choice', () => {
  const now = Date.UTC(2025, 0, 1);
  it('reads the minute rollup for recent minute-grain views without heavy filters', () => {
    expect(pickSource(CRAWL_SOURCES, 'minute', ['lang'], now - 3_600_000, now).table).toBe('crawl_minute');
  });
  it('reads the daily rollup for long windows at day grain or coarser', () => {
    expect(pickSource(CRAWL_SOURCES, 'week', ['lang', 'content_type'], now - 3 * 365 * 86_400_000, now).table).toBe('crawl_daily');
  });
  it('falls back to the raw table for a filter no rollup has, or an old minute-grain window', () => {
    expect(pickSource(CRAWL_SOURCES, 'week', ['domain'], now - 86_400_000, now).table).toBe('crawl_documents');
    expect(pickSource(CRAWL_SOURCES, 'week', ['tld', 'detector'], now - 86_400_000, now).table).toBe('crawl_documents');
    expect(pickSource(CRAWL_SOURCES, 'hour', [], now - 200 * 86_400_000, now).table).toBe('crawl_documents');
  });
});

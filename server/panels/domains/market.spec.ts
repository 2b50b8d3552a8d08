import { describe, expect, it } from 'vitest';
import type { PanelFilters } from '../../../src/lib/contract/filters';
import type { SqlPanel } from '../definition';
import { parseFilters, resolveView } from '../view';
import { MARKET_PANELS } from './market';

const NOW = Date.UTC(2025, 0, 15, 12);
const panels = new Map(MARKET_PANELS.map((p) => [p.info.id, p as SqlPanel]));

function build(id: string, filters: PanelFilters, forceRaw = false) {
  const def = panels.get(id as never);
  if (!def) throw new Error(`no panel ${id}`);
  return def.build(resolveView(def, parseFilters(filters), NOW), { forceRaw });
}

describe('market panels read the daily rollup unless the grain is finer than a day', () => {
  it.each([
    ['market.postings_index', {}, 'market_monthly+market_daily, baseline market_monthly+market_daily'],
    ['market.postings_index', { grain: 'week' }, 'market_daily, baseline market_monthly+market_daily'],
    ['market.postings_index', { grain: 'month', region: ['europe'] }, 'market_monthly+market_daily, baseline market_monthly+market_daily'],
    [
      'market.postings_index',
      { grain: 'day', category: ['writing'], platform: ['p'], region: ['europe'] },
      'market_daily, baseline market_monthly+market_daily'
    ],
    ['market.rates', { grain: 'week' }, 'market_budget_daily'],
    ['market.rates', {}, 'market_budget_monthly+market_budget_daily'],
    ['market.rates', { category: ['coding'] }, 'market_budget_monthly+market_budget_daily'],
    ['market.rates', { region: ['europe'] }, 'market_postings'],
    ['market.ai_mentions', { region: ['latam'], grain: 'week' }, 'market_daily'],
    ['market.bids', { from: 'now-40d' }, 'market_daily'],
    ['market.by_region', {}, 'market_daily'],
    ['market.by_region', { from: 'now-1y' }, 'market_monthly+market_daily'],
    ['market.by_region', { from: 'now-6h' }, 'market_postings'],
    ['market.by_region', { grain: 'hour' }, 'market_postings']
  ] as [string, PanelFilters, string][])('%s %j reads %s', (id, filters, table) => {
    expect(build(id, filters).source).toBe(table);
  });

  it.each([...panels.keys()])('%s reads the raw table when forced', (id) => {
    expect(build(id, {}, true).source.replace(', baseline market_postings', '')).toBe('market_postings');
  });

  it('takes no grain finer than a day for time series', () => {
    for (const id of ['market.postings_index', 'market.rates', 'market.ai_mentions', 'market.bids']) {
      expect(() => build(id, { grain: 'hour' })).toThrow(/does not take grain hour/);
    }
  });
});

describe('market SQL holds no request value', () => {
  const hostile = ["writing' OR 1=1 --", 'a); DROP TABLE market_postings; --', '{to:String}'];
  for (const def of panels.values()) {
    it.each(def.info.dimensions.map((d) => [d]))(`${def.info.id}: %s values are bound`, (dim) => {
      for (const forceRaw of [false, true]) {
        const q = build(def.info.id, { from: '2024-01-01', to: '2024-06-01', limit: 3, [dim]: hostile }, forceRaw);
        for (const v of hostile) expect(q.sql).not.toContain(v);
        expect(q.sql).not.toContain('2024-');
        expect(q.params[`f_${dim}`]).toEqual([...hostile].sort());
      }
    });
  }

  it('reads the postings baseline, 2020-01-01 to 2022-11-30, in whole months and the days of November', () => {
    const q = build('market.postings_index', {});
    // Each piece's upper bound is exclusive: the last day in is 29 November.
    expect(q.params).toMatchObject({
      base_m0_from: '2020-01-01',
      base_m0_to: '2022-11-01',
      base_d0_from: '2022-11-01',
      base_d0_to: '2022-11-30'
    });
    expect(q.params).toMatchObject({ base_end: '2022-11-30' });
    expect(q.sql).toContain('min(first_day)');
  });

  it('reads the baseline from the raw postings, up to midnight of 2022-11-30, when forced', () => {
    const q = build('market.postings_index', {}, true);
    expect(q.params).toMatchObject({ base_from: '2020-01-01 00:00:00.000', base_to: '2022-11-30 00:00:00.000' });
    expect(q.sql).toContain('min(toDate(ts))');
  });
});

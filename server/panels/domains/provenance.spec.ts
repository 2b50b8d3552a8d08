import { describe, expect, it } from 'vitest';
import type { PanelFilters } from '../../../src/lib/contract/filters';
import type { SqlPanel } from '../definition';
import { chTime } from '../time';
import { parseFilters, resolveView } from '../view';
import { PROVENANCE_PANELS } from './provenance';

const NOW = Date.UTC(2025, 0, 15, 12);
// The SQL panels; the computed marker-word panel is covered by marker-baseline.spec.ts and the
// integration suites (its two reads bind every value the same way).
const panels = new Map(PROVENANCE_PANELS.filter((p): p is SqlPanel => p.kind === 'sql').map((p) => [p.info.id, p]));

function build(id: string, filters: PanelFilters, forceRaw = false) {
  const def = panels.get(id as never);
  if (!def) throw new Error(`no panel ${id}`);
  return def.build(resolveView(def, parseFilters(filters), NOW), { forceRaw });
}

describe('provenance panels read the cheapest table that can answer', () => {
  it.each([
    ['provenance.ai_share', { from: 'now-1h' }, 'crawl_minute'],
    ['provenance.ai_share', { from: 'now-30d', lang: ['en'] }, 'crawl_daily'],
    ['provenance.ai_share', { from: 'now-30d', domain: ['a.example'] }, 'crawl_documents'],
    ['provenance.by_domain', {}, 'crawl_domain_daily'],
    ['provenance.by_domain', { from: 'now-1y' }, 'crawl_domain_monthly+crawl_domain_daily'],
    ['provenance.by_domain', { from: 'now-1y', domain: ['a.example'], tld: ['org'] }, 'crawl_domain_monthly+crawl_domain_daily'],
    ['provenance.by_domain', { lang: ['en'] }, 'crawl_documents'],
    ['provenance.by_domain', { from: 'now-2d', grain: 'hour' }, 'crawl_documents'],
    ['provenance.by_lang', {}, 'crawl_daily_by_day'],
    ['provenance.by_lang', { from: 'now-6h' }, 'crawl_minute'],
    ['provenance.by_lang', { crawl_source: ['sitemap'] }, 'crawl_documents'],
    ['provenance.by_content_type', { lang: ['de'] }, 'crawl_daily_by_day'],
    // Without a filter, at day grain or coarser: the rollups by provenance alone.
    ['provenance.ai_share', {}, 'crawl_provenance_monthly+crawl_provenance_daily'],
    ['provenance.ai_share', { from: 'now-1y', grain: 'week' }, 'crawl_provenance_daily'],
    ['provenance.ai_share', { from: 'now-20d', grain: 'month' }, 'crawl_provenance_daily'],
    ['provenance.ai_share', { lang: ['en'] }, 'crawl_monthly+crawl_daily'],
    ['provenance.ai_share', { from: 'now-1y', grain: 'week', content_type: ['article'] }, 'crawl_daily'],
    ['provenance.by_lang', { from: 'now-1y' }, 'crawl_monthly+crawl_daily_by_day'],
    ['provenance.human_tokens', {}, 'crawl_provenance_monthly+crawl_provenance_daily'],
    ['provenance.human_tokens', { lang: ['en'] }, 'crawl_monthly+crawl_daily'],
    ['provenance.human_tokens', { from: 'now-1d', grain: 'minute' }, 'crawl_minute'],
    ['provenance.human_tokens', { from: 'now-1y', grain: 'minute' }, 'crawl_documents'],
    ['provenance.detector_scores', {}, 'crawl_detector_daily'],
    ['provenance.detector_scores', { detector: ['classifier'], crawl_source: ['sitemap'] }, 'crawl_detector_daily'],
    ['provenance.detector_scores', { lang: ['en'] }, 'crawl_documents'],
    ['provenance.detector_scores', { from: 'now-6h' }, 'crawl_documents']
  ] as [string, PanelFilters, string][])('%s %j reads %s', (id, filters, table) => {
    expect(build(id, filters).source).toBe(table);
  });

  it.each([...panels.keys()])('%s reads the raw table when forced', (id) => {
    expect(build(id, {}, true).source).toBe('crawl_documents');
  });
});

describe('provenance SQL holds no request value', () => {
  const hostile = ["x' OR 1=1 --", 'a); DROP TABLE crawl_documents; --', '{from:String}', '`lang`'];
  for (const def of panels.values()) {
    it.each(def.info.dimensions.map((d) => [d]))(`${def.info.id}: %s values and the window are bound`, (dim) => {
      for (const forceRaw of [false, true]) {
        const q = build(def.info.id, { from: '2024-01-01', to: '2024-12-01T06:30', limit: 7, [dim]: hostile }, forceRaw);
        for (const v of hostile) expect(q.sql).not.toContain(v);
        expect(q.params[`f_${dim}`]).toEqual([...hostile].sort());
        for (const bound of [chTime(Date.UTC(2024, 0, 1)), chTime(Date.UTC(2024, 11, 1, 6, 30)), '2024-']) {
          expect(q.sql).not.toContain(bound);
        }
        if (q.sql.includes('LIMIT')) {
          expect(q.sql).toContain('LIMIT {limit:UInt32}');
          expect(q.params.limit).toBe(7);
        }
      }
    });
  }

  it('by_domain binds the top-N, each whole month it reads from the monthly rollup and the other days', () => {
    const q = build('provenance.by_domain', { from: '2024-01-15', to: '2024-05-20' });
    expect(q.params).toMatchObject({ limit: 10, cur_day: '2024-01-15' });
    // The previous window starts 126 days earlier, on 2023-09-11; the days either side of the
    // split (1-31 January) are one piece.
    expect(q.params).toMatchObject({
      w_m0_from: '2023-10-01',
      w_m0_to: '2024-01-01',
      w_m1_from: '2024-02-01',
      w_m1_to: '2024-05-01',
      w_d0_from: '2023-09-11',
      w_d0_to: '2023-10-01',
      w_d1_from: '2024-01-01',
      w_d1_to: '2024-02-01',
      w_d2_from: '2024-05-01',
      w_d2_to: '2024-05-21'
    });
    expect(q.sql).toContain('FROM crawl_domain_monthly');
    expect(q.sql).toContain(
      'WHERE ((month >= {w_m0_from:Date} AND month < {w_m0_to:Date}) OR (month >= {w_m1_from:Date} AND month < {w_m1_to:Date}))'
    );
    expect(q.sql).toContain('FROM crawl_domain_daily');
    expect(q.sql).toContain('OR (day >= {w_d2_from:Date} AND day < {w_d2_to:Date}))');
  });
});

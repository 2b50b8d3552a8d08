import { describe, expect, it } from 'vitest';
import { filtersForPanel, stateFromQuery, stateToQuery, withoutValue, withValue } from './view-state';
import { pinned, previousPeriod, resolveTime } from './time';
import type { PanelInfo } from '../contract/panels';

const NOW = Date.UTC(2026, 10, 27, 12, 30, 15);

describe('explorer state in the URL', () => {
  it('round-trips panels, filters, comparison, view and forecast inputs', () => {
    const q = new URLSearchParams(
      'panel=provenance.ai_share&panel=market.rates&from=now-7d&lang=en,de&compare=previous&view=both&overtraining=5&branch=compute&inputs=live'
    );
    const { state, dropped } = stateFromQuery(q);
    expect(dropped).toEqual([]);
    expect(state).toEqual({
      panels: ['provenance.ai_share', 'market.rates'],
      filters: { from: 'now-7d', lang: ['en', 'de'] },
      compare: true,
      view: 'both',
      whatIf: { overtraining: 5 },
      whatIfChoices: { branch: 'compute', inputs: 'live' },
      annotationsOff: [],
      annotationTags: null
    });
    expect(stateFromQuery(stateToQuery(state)).state).toEqual({ ...state, filters: { from: 'now-7d', lang: ['de', 'en'] } });
  });

  it('drops what it cannot read and keeps the rest', () => {
    const { state, dropped } = stateFromQuery(new URLSearchParams('panel=nope.x&from=yesterday&grain=week&seed=abc&branch=sideways'));
    expect(state.panels).toEqual(['provenance.ai_share']);
    expect(state.filters).toEqual({ grain: 'week' });
    expect(dropped).toEqual(['panel=nope.x', 'from', 'seed', 'branch']);
  });

  it('adds and removes drill-down values without duplicates', () => {
    const f = withValue(withValue({}, 'lang', 'en'), 'lang', 'en');
    expect(f).toEqual({ lang: ['en'] });
    expect(withoutValue(f, 'lang', 'en')).toEqual({});
  });

  it('gives each panel only the filters it takes', () => {
    const info = { dimensions: ['lang'], grains: ['day', 'week'] } as unknown as PanelInfo;
    expect(filtersForPanel(info, { lang: ['en'], category: ['writing'], grain: 'month' })).toEqual({
      filters: { lang: ['en'] },
      ignored: ['grain month', 'category']
    });
  });
});

describe('explorer time', () => {
  it('pins a relative window to the instants it means now', () => {
    expect(pinned({ from: 'now-7d' }, { from: 'now-6y', to: 'now' }, NOW)).toEqual({
      from: '2026-11-20T12:30:15Z',
      to: '2026-11-27T12:30:15Z'
    });
  });

  it('names the previous period relatively when the window is relative', () => {
    const p = previousPeriod({ from: 'now-7d' }, { from: 'now-6y', to: 'now' }, NOW);
    expect(p?.from).toBe('now-14d');
    expect(p?.to).toBe('now-7d');
    expect(p?.shift(0)).toBe(7 * 86_400_000);
    const y = previousPeriod({ from: 'now-1y', to: 'now' }, { from: 'now-6y', to: 'now' }, NOW);
    expect([y?.from, y?.to]).toEqual(['now-2y', 'now-1y']);
    expect(y?.shift(Date.UTC(2025, 1, 1))).toBe(Date.UTC(2026, 1, 1));
  });

  it('moves an absolute window back by its own length', () => {
    const p = previousPeriod({ from: '2025-01-01', to: '2025-01-11' }, { from: 'now-6y', to: 'now' }, NOW);
    expect([p?.from, p?.to]).toEqual(['2024-12-22T00:00:00Z', '2025-01-01T00:00:00Z']);
    expect(resolveTime('now-1mo', Date.UTC(2024, 2, 31))).toBe(Date.UTC(2024, 2, 2));
  });
});

describe('annotation switches in the URL', () => {
  it('round-trips hidden panels and tag toggles, and leaves them out when unset', () => {
    const q = new URLSearchParams('panel=provenance.ai_share&ann_off=provenance.ai_share&ann_tags=model-release,crawl');
    const { state } = stateFromQuery(q);
    expect(state.annotationsOff).toEqual(['provenance.ai_share']);
    expect(state.annotationTags).toEqual(['model-release', 'crawl']);
    expect(stateToQuery(state).toString()).toBe('panel=provenance.ai_share&ann_off=provenance.ai_share&ann_tags=model-release%2Ccrawl');
    const plain = stateFromQuery(new URLSearchParams('panel=market.rates')).state;
    expect(plain.annotationTags).toBeNull();
    expect(stateToQuery(plain).toString()).toBe('panel=market.rates');
  });
  it('drops an unknown panel or a malformed tag and names it', () => {
    const { state, dropped } = stateFromQuery(new URLSearchParams('ann_off=nope&ann_tags=ok,Bad Tag'));
    expect(state.annotationsOff).toEqual([]);
    expect(state.annotationTags).toEqual(['ok']);
    expect(dropped).toEqual(['ann_off=nope', 'ann_tags=Bad Tag']);
  });
});

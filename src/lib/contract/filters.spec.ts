import { describe, expect, it } from 'vitest';
import { canonicalFilters, filtersFromQuery, filtersSchema, filtersToQuery, subscriptionKey } from './filters';

describe('filters', () => {
  it('gives the same key to the same view written differently', () => {
    const a = subscriptionKey('provenance.ai_share', canonicalFilters({ lang: ['en', 'de', 'en'], from: 'now-7d' }));
    const b = subscriptionKey('provenance.ai_share', canonicalFilters({ from: 'now-7d', lang: ['de', 'en'], domain: [] }));
    expect(a).toBe(b);
    expect(a).toBe('provenance.ai_share?from=now-7d&lang=de&lang=en');
  });

  it('round-trips through a query string', () => {
    const f = { from: '2024-01-01', to: 'now', grain: 'week' as const, lang: ['de', 'en'], limit: 10 };
    const back = filtersSchema.parse(filtersFromQuery(filtersToQuery(f)));
    expect(back).toEqual(canonicalFilters(f));
  });

  it('reads comma-separated lists from hand-written URLs', () => {
    expect(filtersFromQuery(new URLSearchParams('lang=en,de&category=writing'))).toEqual({ lang: ['en', 'de'], category: ['writing'] });
  });

  it('rejects bad time bounds, grains and oversized lists', () => {
    expect(filtersSchema.safeParse({ from: 'last tuesday' }).success).toBe(false);
    expect(filtersSchema.safeParse({ grain: 'fortnight' }).success).toBe(false);
    expect(filtersSchema.safeParse({ lang: Array.from({ length: 51 }, (_, i) => `l${i}`) }).success).toBe(false);
    expect(filtersSchema.safeParse({ from: 'now-90d', to: '2025-06-01T12:00:00Z' }).success).toBe(true);
  });
});

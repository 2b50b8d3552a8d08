import { describe, expect, it } from 'vitest';
import { CATALOGUE } from './catalogue';
import { parseFilters, resolveView, ViewError } from './view';

const aiShare = CATALOGUE.get('provenance.ai_share')!;
const NOW = Date.UTC(2025, 5, 1);

describe('resolving a view', () => {
  it('applies the panel defaults and picks a grain', () => {
    // The panel's defaults: six years to now, by month.
    expect(aiShare.info.defaults).toEqual({ from: 'now-6y', to: 'now', grain: 'month' });
    const v = resolveView(aiShare, {}, NOW);
    expect(v.toMs).toBe(NOW);
    expect(v.fromMs).toBe(Date.UTC(2019, 5, 1));
    expect(v.grain).toBe('month');
  });

  it('uses the default grain only with the default window, and fits a chosen window to the grains the panel takes', () => {
    expect(resolveView(aiShare, parseFilters({ from: 'now-6y' }), NOW).grain).toBe('month');
    expect(resolveView(aiShare, parseFilters({ from: 'now-1h' }), NOW).grain).toBe('minute');
    const index = CATALOGUE.get('market.postings_index')!;
    expect(index.info.grains).not.toContain('hour');
    expect(resolveView(index, parseFilters({ from: 'now-2d' }), NOW).grain).toBe(index.info.grains[0]);
  });

  it('names the parameter of a date that matches the pattern but does not exist', () => {
    expect(() => resolveView(aiShare, parseFilters({ from: '2024-13-01' }), NOW)).toThrow(ViewError);
    expect(() => resolveView(aiShare, parseFilters({ to: '2024-02-30T25:00' }), NOW)).toThrow(
      /to: 2024-02-30T25:00 is not a date that exists/
    );
  });

  it('refuses an empty or inverted window', () => {
    expect(() => resolveView(aiShare, parseFilters({ from: 'now', to: 'now-1d' }), NOW)).toThrow(/from must be before to/);
  });
});

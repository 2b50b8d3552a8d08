import { describe, expect, it } from 'vitest';
import { viewGrain } from './time';

const NOW = Date.parse('2026-09-20T12:00:00Z');
const monthly = {
  defaults: { from: 'now-6y', to: 'now', grain: 'month' as const },
  grains: ['minute', 'hour', 'day', 'week', 'month'] as const
};

describe('the grain a view is answered in, as the server picks it', () => {
  it("takes the panel's default grain only for its default window", () => {
    expect(viewGrain({}, monthly, NOW)).toBe('month');
    // A 30-day window of the reader's own is answered by day: its rows are days, not months.
    expect(viewGrain({ from: 'now-30d' }, monthly, NOW)).toBe('day');
  });

  it('keeps a grain asked for, and coarsens to one the panel takes', () => {
    expect(viewGrain({ from: 'now-30d', grain: 'week' }, monthly, NOW)).toBe('week');
    expect(viewGrain({ from: 'now-30d' }, { ...monthly, grains: ['week', 'month'] }, NOW)).toBe('week');
  });
});

import { describe, expect, it } from 'vitest';
import { bucketEnd, viewGrain, wholeBuckets } from './time';

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

describe('whole buckets of a compare window', () => {
  it('drops the buckets the window cuts at either end', () => {
    const week = 604_800_000;
    const monday = Date.parse('2026-06-01T00:00:00Z');
    const rows = [0, 1, 2, 3].map((i) => ({ t: monday + i * week, index: 100 }));
    // The window starts on a Wednesday of the first week and ends on a Thursday of the last.
    const from = monday + 2 * 86_400_000;
    const to = monday + 3 * week + 3 * 86_400_000;
    expect(wholeBuckets(rows, 't', from, to, 'week').map((r) => r.t)).toEqual([monday + week, monday + 2 * week]);
  });

  it('ends months by the calendar', () => {
    expect(bucketEnd(Date.parse('2026-02-01T00:00:00Z'), 'month')).toBe(Date.parse('2026-03-01T00:00:00Z'));
    expect(bucketEnd(Date.parse('2026-12-01T00:00:00Z'), 'month')).toBe(Date.parse('2027-01-01T00:00:00Z'));
  });
});

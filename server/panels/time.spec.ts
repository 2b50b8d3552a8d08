import { describe, expect, it } from 'vitest';
import { autoGrain, chTime, resolveTime } from './time';

const NOW = Date.UTC(2024, 1, 29, 12, 0, 0);

describe('time bounds', () => {
  it.each([
    ['now', NOW],
    ['now-15m', NOW - 15 * 60_000],
    ['now-6h', NOW - 6 * 3_600_000],
    ['now-30d', NOW - 30 * 86_400_000],
    ['now-2w', NOW - 14 * 86_400_000],
    ['now-1mo', Date.UTC(2024, 0, 29, 12)],
    ['now-1y', Date.UTC(2023, 2, 1, 12)],
    ['2024-01-01', Date.UTC(2024, 0, 1)],
    ['2024-01-01T06:30', Date.UTC(2024, 0, 1, 6, 30)],
    ['2024-01-01T06:30:00Z', Date.UTC(2024, 0, 1, 6, 30)]
  ])('%s', (expr, ms) => {
    expect(resolveTime(expr, NOW)).toBe(ms);
  });

  it('picks a grain that gives a readable number of points', () => {
    expect(autoGrain(NOW - 3_600_000, NOW)).toBe('minute');
    expect(autoGrain(NOW - 3 * 86_400_000, NOW)).toBe('hour');
    expect(autoGrain(NOW - 60 * 86_400_000, NOW)).toBe('day');
    expect(autoGrain(NOW - 3 * 365 * 86_400_000, NOW)).toBe('week');
    expect(autoGrain(NOW - 6 * 365 * 86_400_000, NOW)).toBe('month');
  });

  it('formats bound parameters as ClickHouse DateTime64 text in UTC', () => {
    expect(chTime(Date.UTC(2024, 0, 2, 3, 4, 5, 6))).toBe('2024-01-02 03:04:05.006');
  });
});

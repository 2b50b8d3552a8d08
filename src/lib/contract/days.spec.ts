import { describe, expect, it } from 'vitest';
import { addDays, dayOfMs, dayStartMs, dayToDecimalYear, decimalYearToDay, isIsoDay } from './days';
import { forecastQuerySchema } from './forecast';

/** Every day from the first of January of `from` to the last of December of `to`. */
function everyDay(from: number, to: number): string[] {
  const out: string[] = [];
  for (let ms = Date.UTC(from, 0, 1); ms < Date.UTC(to + 1, 0, 1); ms += 86_400_000) out.push(new Date(ms).toISOString().slice(0, 10));
  return out;
}

const DAYS = everyDay(2000, 2040);

describe('days', () => {
  it('covers every day of 2000-2040 (14,976 days, leap years included)', () => {
    expect(DAYS).toHaveLength(14_976);
    expect(DAYS).toContain('2024-02-29');
    expect(DAYS).not.toContain('2100-02-29');
  });

  it('gets every day back from its decimal year', () => {
    const wrong = DAYS.filter((d) => decimalYearToDay(dayToDecimalYear(d)) !== d);
    expect(wrong).toEqual([]);
  });

  it('gets every day back from its decimal year written out in a query, as a person would pass it', () => {
    const wrong = DAYS.filter((d) => forecastQuerySchema.parse({ as_of: String(dayToDecimalYear(d)) }).as_of !== d);
    expect(wrong).toEqual([]);
  });

  it('keeps an ISO day as given in a query', () => {
    const wrong = DAYS.filter((d) => forecastQuerySchema.parse({ as_of: d }).as_of !== d);
    expect(wrong).toEqual([]);
  });

  it('puts the last millisecond of a day on that day and the next one on the next', () => {
    for (const d of ['2024-02-28', '2024-02-29', '2026-11-30', '2026-12-31']) {
      const start = dayStartMs(d);
      expect(dayOfMs(start)).toBe(d);
      expect(dayOfMs(start + 86_399_999)).toBe(d);
      expect(dayOfMs(start + 86_400_000)).toBe(addDays(d, 1));
    }
  });

  it('adds days across months, years and leap days', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2026-11-30', 1)).toBe('2026-12-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-11-30', -364)).toBe('2025-12-01');
  });

  it('tells real days from impossible ones', () => {
    expect(isIsoDay('2024-02-29')).toBe(true);
    expect(isIsoDay('2023-02-29')).toBe(false);
    expect(isIsoDay('2024-02-30')).toBe(false);
    expect(isIsoDay('2024-13-01')).toBe(false);
    expect(isIsoDay('2024-1-01')).toBe(false);
  });

  it('reads a decimal year within half a second of midnight as the day that starts there', () => {
    const start = dayToDecimalYear('2026-12-01');
    const halfSecond = 0.4 / (365 * 86_400);
    expect(decimalYearToDay(start - halfSecond)).toBe('2026-12-01');
    expect(decimalYearToDay(start + halfSecond)).toBe('2026-12-01');
    expect(decimalYearToDay(start - (2 * 3600) / (365 * 86_400))).toBe('2026-11-30');
  });
});

import { describe, expect, it } from 'vitest';
import type { View } from './definition';
import { CRAWL_RAW, DOMAIN_DAILY } from './domains/provenance-sql';
import { chDate, dayWindows, nextMonthStart, previousWindow, rebind, startOfDay, startOfMonth, wholeMonths, withPrevious } from './periods';
import { buildWhere } from './where';

const utc = (y: number, m: number, d: number, h = 0) => Date.UTC(y, m - 1, d, h);

describe('second time ranges', () => {
  it('rebinds the builder bounds under their own names and keeps dimension parameters', () => {
    const w = rebind(buildWhere(CRAWL_RAW, { lang: ['en'] }, utc(2020, 1, 1), utc(2022, 11, 30)), 'base');
    expect(w.sql).toBe(
      "WHERE ts >= {base_from:DateTime64(3, 'UTC')} AND ts < {base_to:DateTime64(3, 'UTC')} AND lang IN {f_lang:Array(String)}"
    );
    expect(w.params).toEqual({ base_from: '2020-01-01 00:00:00.000', base_to: '2022-11-30 00:00:00.000', f_lang: ['en'] });
  });

  it('splits the view window from the one before it', () => {
    const view = { fromMs: utc(2024, 3, 10), toMs: utc(2024, 3, 20), filters: {}, grain: 'day', now: utc(2024, 3, 20) } as View;
    expect(previousWindow(view)).toEqual({ fromMs: utc(2024, 2, 29), toMs: utc(2024, 3, 10) });
    const raw = withPrevious(CRAWL_RAW, view);
    expect(raw.isCurrent).toBe("ts >= {cur_from:DateTime64(3, 'UTC')}");
    expect(raw.where.params).toMatchObject({
      from: '2024-02-29 00:00:00.000',
      to: '2024-03-20 00:00:00.000',
      cur_from: '2024-03-10 00:00:00.000'
    });
    expect(withPrevious(DOMAIN_DAILY, view).isCurrent).toBe("day >= toDate({cur_from:DateTime64(3, 'UTC')})");
  });

  it('gives a daily rollup whole days: the day holding `from` to the day holding `to`', () => {
    expect(dayWindows({ fromMs: utc(2024, 3, 10, 15), toMs: utc(2024, 3, 20, 15) })).toEqual({
      prev: { fromMs: utc(2024, 2, 29), toMs: utc(2024, 3, 10) },
      cur: { fromMs: utc(2024, 3, 10), toMs: utc(2024, 3, 21) }
    });
  });
});

describe('calendar arithmetic in UTC', () => {
  it.each([
    [utc(2024, 2, 29, 13), utc(2024, 2, 29), utc(2024, 2, 1), utc(2024, 3, 1)],
    [utc(2024, 3, 1), utc(2024, 3, 1), utc(2024, 3, 1), utc(2024, 3, 1)],
    [utc(2023, 12, 31, 23), utc(2023, 12, 31), utc(2023, 12, 1), utc(2024, 1, 1)]
  ])('%#: day, month and next month start', (ms, day, month, next) => {
    expect(startOfDay(ms)).toBe(day);
    expect(startOfMonth(ms)).toBe(month);
    expect(nextMonthStart(startOfDay(ms))).toBe(next);
  });

  it.each([
    ['less than a month', utc(2024, 3, 10), utc(2024, 4, 5), null],
    ['a month that starts late', utc(2024, 3, 2), utc(2024, 4, 30), null],
    ['exactly one month', utc(2024, 3, 1), utc(2024, 4, 1), [utc(2024, 3, 1), utc(2024, 4, 1)]],
    ['ragged both ends', utc(2023, 11, 15), utc(2024, 3, 10), [utc(2023, 12, 1), utc(2024, 3, 1)]]
  ])('whole months of %s', (_, fromMs, toMs, months) => {
    const m = wholeMonths({ fromMs, toMs });
    expect(m === null ? null : [m.fromMs, m.toMs]).toEqual(months);
  });

  it('writes Date parameters as ISO dates', () => {
    expect(chDate(utc(2022, 11, 30))).toBe('2022-11-30');
  });
});

import { describe, expect, it } from 'vitest';
import { aiShareHeadline, diversityHeadline, humanTokensHeadline, peakDataHeadline, postingsHeadline } from './headlines';

const month = (y: number, m: number) => Date.UTC(y, m, 1);

describe('headline numbers from panel rows', () => {
  it('gives the AI share now and its change from a year earlier', () => {
    const rows = Array.from({ length: 13 }, (_, i) => ({ t: month(2025, 10 + i), ai: 0.4 + i * 0.01 }));
    expect(aiShareHeadline(rows)).toEqual({ value: '52.0%', detail: '+12.0 pp vs a year ago', trend: 'up' });
    expect(aiShareHeadline([])).toBeNull();
  });

  it('compares human tokens this month so far with the same days of last month, not the whole month', () => {
    const day = (m: number, d: number) => Date.UTC(2026, m, d);
    // All of November at 10 a day, then 1 to 6 December at 10 a day.
    const rows = [
      ...Array.from({ length: 30 }, (_, i) => ({ t: day(10, i + 1), human: 10e6, tokens: 20e6 })),
      ...Array.from({ length: 6 }, (_, i) => ({ t: day(11, i + 1), human: 10e6, tokens: 20e6 }))
    ];
    expect(humanTokensHeadline(rows)).toEqual({
      value: '60M tokens',
      detail: '50.0% of new tokens; days 1–6 of last month 60M',
      trend: 'flat'
    });
    // 31 March against February, which has 28 days: all of February.
    const march = [
      ...Array.from({ length: 28 }, (_, i) => ({ t: Date.UTC(2026, 1, i + 1), human: 1e6, tokens: 1e6 })),
      ...Array.from({ length: 31 }, (_, i) => ({ t: Date.UTC(2026, 2, i + 1), human: 1e6, tokens: 1e6 }))
    ];
    expect(humanTokensHeadline(march)?.detail).toBe('100.0% of new tokens; days 1–31 of last month 28M');
    expect(humanTokensHeadline([])).toBeNull();
  });

  it('averages the postings index over full weeks only', () => {
    const rows = [70, 60, 80, 70, 10].map((index, i) => ({ t: i, index }));
    // The first (cut by the window) and last (in progress) weeks are left out: (60+80+70)/3.
    expect(postingsHeadline(rows)?.value).toBe('70.0');
    expect(postingsHeadline(rows)?.detail).toBe('−30.0% vs pre-ChatGPT mean, last 3 full weeks');
  });

  it('compares the latest generation with generation 0 for the recursive model', () => {
    const rows = [
      { model: 'recursive-keep10', generation: 0, distinct_1: 0.15 },
      { model: 'recursive', generation: 9, distinct_1: 0.075 },
      { model: 'recursive', generation: 0, distinct_1: 0.15 }
    ];
    expect(diversityHeadline(rows)).toMatchObject({ value: '-50%', trend: 'down' });
  });

  it('reads the exhaustion year and its 80% interval', () => {
    expect(peakDataHeadline([{ exhaustion_median: 2028.43, exhaustion_p10: 2026.9, exhaustion_p90: null }])).toEqual({
      value: '2028.4',
      detail: '80% interval 2026.9–beyond horizon'
    });
  });
});

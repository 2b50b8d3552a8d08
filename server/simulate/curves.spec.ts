import { describe, expect, it } from 'vitest';
import { MARKET_CATEGORIES } from '../../src/lib/contract/streams';
import {
  aiShare,
  aiShareArticles,
  budgetFactor,
  crawlDocsBetween,
  crawlDocsPerDay,
  mentionsAiShare,
  postingsFactor,
  provenanceShares,
  pwl,
  weekdayFactor
} from './curves';
import { CATEGORY_WEIGHTS, CONTENT_TYPES } from './dimensions';
import {
  AI_SHARE_MAY_2025,
  AI_SHARE_NOV_2023,
  AI_SHARE_NOV_2024,
  POSTINGS_AUTOMATION_PRONE,
  POSTINGS_CODING,
  POSTINGS_ILLUSTRATION,
  POSTINGS_WRITING,
  WRITING_EARNINGS,
  ms
} from './targets';

const DAY = 86_400_000;

describe('pwl', () => {
  const k = { xs: [0, 10, 20], ys: [1, 3, 2] };
  it('is flat beyond the ends and linear between knots', () => {
    expect(pwl(-5, k)).toBe(1);
    expect(pwl(0, k)).toBe(1);
    expect(pwl(5, k)).toBe(2);
    expect(pwl(10, k)).toBe(3);
    expect(pwl(15, k)).toBe(2.5);
    expect(pwl(20, k)).toBe(2);
    expect(pwl(99, k)).toBe(2);
  });
});

describe('aiShareArticles', () => {
  it('is near zero before ChatGPT', () => {
    expect(aiShareArticles(ms('2020-06-01'))).toBeLessThan(0.01);
    expect(aiShareArticles(ms('2022-11-29'))).toBeLessThan(0.01);
  });

  it("hits Graphite's points in the middle of each month", () => {
    expect(aiShareArticles(ms(AI_SHARE_NOV_2023.at))).toBeCloseTo(0.39, 6);
    expect(aiShareArticles(ms(AI_SHARE_NOV_2024.at))).toBeCloseTo(0.503, 6);
    expect(aiShareArticles(ms(AI_SHARE_MAY_2025.at))).toBeCloseTo(0.52, 6);
  });

  it('averages to the published figure over the whole month', () => {
    for (const [from, to, value] of [
      ['2023-11-01', '2023-12-01', 0.39],
      ['2024-11-01', '2024-12-01', 0.503],
      ['2025-05-01', '2025-06-01', 0.52]
    ] as const) {
      let sum = 0;
      let n = 0;
      for (let t = ms(from); t < ms(to); t += 3_600_000, n++) sum += aiShareArticles(t);
      expect(Math.abs(sum / n - value) / value).toBeLessThan(0.01);
    }
  });

  it('rises monotonically and plateaus at 52-55%', () => {
    let prev = 0;
    for (let t = ms('2020-01-01'); t < ms('2030-01-01'); t += 7 * DAY) {
      const v = aiShareArticles(t);
      expect(v).toBeGreaterThanOrEqual(prev);
      prev = v;
    }
    expect(prev).toBeGreaterThanOrEqual(0.52);
    expect(prev).toBeLessThanOrEqual(0.55);
  });

  it('is lower for forums and higher for product pages, and shares sum to 1', () => {
    const t = ms('2025-01-01');
    expect(aiShare('forum', t)).toBeLessThan(aiShare('article', t));
    expect(aiShare('product', t)).toBeGreaterThan(aiShare('article', t));
    for (const ct of CONTENT_TYPES) {
      const s = provenanceShares(ct, t);
      expect(s.human + s.ai + s.mixed + s.unknown).toBeCloseTo(1, 12);
      expect(s.human).toBeGreaterThan(0);
    }
  });
});

describe('postingsFactor', () => {
  const eightMonths = ms('2023-07-30');
  it('is 1 before ChatGPT', () => {
    for (const c of MARKET_CATEGORIES) expect(postingsFactor(c, ms('2021-06-01'))).toBe(1);
  });

  it('reaches the published declines by eight months and holds them over July-August 2023', () => {
    expect(postingsFactor('writing', eightMonths)).toBeCloseTo(1 + POSTINGS_WRITING.value, 9);
    expect(postingsFactor('coding', eightMonths)).toBeCloseTo(1 + POSTINGS_CODING.value, 9);
    expect(postingsFactor('illustration', eightMonths)).toBeCloseTo(1 + POSTINGS_ILLUSTRATION.value, 9);
    expect(postingsFactor('writing', ms('2023-07-03'))).toBeCloseTo(0.7, 9);
    expect(postingsFactor('writing', ms('2023-08-28'))).toBeCloseTo(0.7, 9);
  });

  it('gives about the published automation-prone decline over the automation-prone mix', () => {
    const prone = ['writing', 'translation', 'illustration', 'coding'] as const;
    const w = new Map(CATEGORY_WEIGHTS);
    const total = prone.reduce((a, c) => a + (w.get(c) ?? 0), 0);
    const after = prone.reduce((a, c) => a + (w.get(c) ?? 0) * postingsFactor(c, eightMonths), 0) / total;
    const target = 1 + POSTINGS_AUTOMATION_PRONE.value;
    expect(Math.abs(after - target) / target).toBeLessThan(0.05);
  });

  it('cuts writing budgets by the published earnings loss', () => {
    expect(budgetFactor('writing', ms('2021-01-01'))).toBe(1);
    expect(budgetFactor('writing', eightMonths)).toBeCloseTo(1 + WRITING_EARNINGS.value, 9);
    expect(budgetFactor('coding', eightMonths)).toBe(1);
  });

  it('has AI mentions rising after 2023', () => {
    expect(mentionsAiShare(ms('2022-01-01'))).toBeLessThan(0.02);
    expect(mentionsAiShare(ms('2025-01-01'))).toBeGreaterThan(mentionsAiShare(ms('2023-06-01')));
  });
});

describe('weekdayFactor', () => {
  it('averages to 1 over a week and dips at weekends', () => {
    const monday = ms('2024-01-01');
    let sum = 0;
    for (let d = 0; d < 7; d++) sum += weekdayFactor(monday + d * DAY);
    expect(sum / 7).toBeCloseTo(1, 12);
    expect(weekdayFactor(monday + 5 * DAY)).toBeLessThan(weekdayFactor(monday));
  });
});

describe('crawl volume', () => {
  it('integrates the daily rate', () => {
    const a = ms('2023-01-01');
    const b = ms('2023-02-01');
    let sum = 0;
    for (let t = a; t < b; t += 3_600_000) sum += crawlDocsPerDay(t + 1_800_000) / 24;
    expect(crawlDocsBetween(a, b)).toBeCloseTo(sum, 3);
  });

  it('gives 1.5-2 million documents from 2020 to late 2026', () => {
    const n = crawlDocsBetween(ms('2020-01-01'), ms('2026-11-27'));
    expect(n).toBeGreaterThan(1.5e6);
    expect(n).toBeLessThan(2e6);
  });
});

import { describe, expect, it } from 'vitest';
import { LIVE_SETTINGS, aiShareOf, computeLiveDefaults, crawlWindow, cutoffDay, humanGrowth, type LiveReadings } from './live-defaults';
import type { CrawlProvenance, TrainingRunRow } from './live-sql';
import { lognormalBand, lognormalFromP5P95, lognormalProductPower } from './lognormal';
import { DEMAND_2024, DEMAND_GROWTH, STOCK_2024, STOCK_GROWTH } from './published';

const CRAWL: CrawlProvenance = { from: '2025-06-01', to: '2026-05-31', human: 4000, ai: 5000, mixed: 1000, unknown: 500, simulated: null };
const NO_CRAWL: CrawlProvenance = { ...CRAWL, human: 0, ai: 0, mixed: 0, unknown: 0 };

/** Runs exactly on a line: 1e12 tokens in 2020, x10^0.4 a year; one run a year, 2012-2024. */
function lineRuns(): TrainingRunRow[] {
  return Array.from({ length: 13 }, (_, i) => {
    const year = 2012 + i;
    return {
      model: `m${year}`,
      published: Date.UTC(year, 0, 1),
      training_tokens: 1e12 * 10 ** (0.4 * (year - 2020)),
      compute_flop: null,
      source: 'test'
    };
  });
}

describe('humanGrowth', () => {
  it('adds only the human part of the new text: 1 + (g - 1)(1 - a)', () => {
    // g = 1.10, a = 0.5: 1 + 0.10 * 0.5 = 1.05.
    expect(humanGrowth(1.1, 0.5)).toBeCloseTo(1.05, 12);
    expect(humanGrowth(1.1, 0)).toBeCloseTo(1.1, 12);
    expect(humanGrowth(1.1, 1)).toBe(1);
    // No new text, nothing to discount.
    expect(humanGrowth(1, 0.7)).toBe(1);
    expect(humanGrowth(0.98, 0.7)).toBe(0.98);
  });
});

describe('aiShareOf', () => {
  it('bounds the share by counting mixed text as human, half AI, or AI, leaving unknown out', () => {
    // Known tokens 4000 + 5000 + 1000 = 10,000: low 5000/10000, mid 5500/10000, high 6000/10000.
    expect(aiShareOf(CRAWL)).toEqual({ low: 0.5, mid: 0.55, high: 0.6, tokens: 10_500, origin: 'measured' });
    expect(aiShareOf(NO_CRAWL)).toBeNull();
  });
});

describe('cutoff and window', () => {
  it('uses data up to as_of, or up to today for a future as_of, over the last 365 days', () => {
    const now = Date.UTC(2026, 10, 27, 15);
    expect(cutoffDay('2024-07-02', now)).toBe('2024-07-02');
    expect(cutoffDay('2030-01-01', now)).toBe('2026-11-27');
    expect(crawlWindow('2026-11-27')).toEqual({ from: '2025-11-28', to: '2026-11-27' });
  });

  it('ends the crawl window on as_of itself on every day of 2024-2027', () => {
    const later = Date.UTC(2030, 0, 1);
    const wrong: string[] = [];
    for (let ms = Date.UTC(2024, 0, 1); ms < Date.UTC(2028, 0, 1); ms += 86_400_000) {
      const day = new Date(ms).toISOString().slice(0, 10);
      const w = crawlWindow(cutoffDay(day, later));
      if (w.to !== day || Date.parse(w.to) - Date.parse(w.from) !== 364 * 86_400_000) wrong.push(day);
    }
    expect(wrong).toEqual([]);
  });

  it('uses today, not a day before or after, at the first and last millisecond of a day', () => {
    expect(cutoffDay('2030-01-01', Date.UTC(2026, 10, 30, 23, 59, 59, 999))).toBe('2026-11-30');
    expect(cutoffDay('2030-01-01', Date.UTC(2026, 11, 1, 0, 0, 0, 0))).toBe('2026-12-01');
    expect(cutoffDay('2026-11-30', Date.UTC(2026, 11, 1, 0, 0, 0, 1))).toBe('2026-11-30');
  });
});

describe('computeLiveDefaults', () => {
  it('fits the demand to the training runs and discounts the stock growth by the AI share', () => {
    const d = computeLiveDefaults({ runs: lineRuns(), crawl: CRAWL }, '2025-01-01');
    // An exact line: every bootstrap resample gives the same slope and level.
    expect(d.inputs.demandGrowthP5 / 10 ** 0.4).toBeCloseTo(1, 9);
    expect(d.inputs.demandGrowthP95 / 10 ** 0.4).toBeCloseTo(1, 9);
    expect(d.inputs.demandP5 / (1e12 * 10 ** 2)).toBeCloseTo(1, 9);
    // Published p5 (x1.037) pairs with the high share 0.6, p95 (x1.125) with the low share 0.5.
    const g5 = 1 + (STOCK_GROWTH.p5 - 1) * (1 - 0.6);
    const g95 = 1 + (STOCK_GROWTH.p95 - 1) * (1 - 0.5);
    expect(d.inputs.stockGrowthP5).toBeCloseTo(g5, 12);
    expect(d.inputs.stockGrowthP95).toBeCloseTo(g95, 12);
    // The stock is the published 2024 level carried one year along the discounted growth.
    const carried = lognormalBand(lognormalProductPower(lognormalFromP5P95(STOCK_2024.p5, STOCK_2024.p95), lognormalFromP5P95(g5, g95), 1));
    expect(d.inputs.stockP5 / carried.p5).toBeCloseTo(1, 12);
    expect(d.inputs.stockP95 / carried.p95).toBeCloseTo(1, 12);
    expect(d.inputs.overtraining).toBe(1);
    expect(d.frontier).toHaveLength(13);
  });

  it('gives every assumption a value, unit and source that says where it comes from', () => {
    const d = computeLiveDefaults({ runs: lineRuns(), crawl: CRAWL }, '2025-01-01');
    expect(Object.keys(d.assumptions).sort()).toEqual(['ai_share', 'demand', 'demand_growth', 'overtraining', 'stock', 'stock_growth']);
    for (const a of Object.values(d.assumptions)) {
      expect(Number.isFinite(a.value)).toBe(true);
      expect(a.unit.length).toBeGreaterThan(0);
      expect(a.source.length).toBeGreaterThan(20);
    }
    expect(d.assumptions.demand?.source).toContain(
      'measured from training_runs, 13 frontier runs (top 10 at release) of 13 runs 2012-2024'
    );
    expect(d.assumptions.demand?.source).toContain(`bootstrap ${LIVE_SETTINGS.resamples} resamples`);
    expect(d.assumptions.stock_growth?.source).toContain('g_human = 1 + (g - 1)(1 - a)');
    expect(d.assumptions.stock_growth?.source).toContain('2025-06-01 to 2026-05-31');
    expect(d.assumptions.ai_share).toMatchObject({ value: 0.55, p5: 0.5, p95: 0.6 });
    expect(d.assumptions.stock?.source).toContain('Villalobos');
  });

  it('falls back to the published inputs, and says so, without enough runs or crawl data', () => {
    const readings: LiveReadings = { runs: lineRuns().slice(0, 2), crawl: NO_CRAWL };
    const d = computeLiveDefaults(readings, '2024-01-01');
    expect(d.trend).toBeNull();
    expect(d.inputs.demandP5).toBe(DEMAND_2024.p5);
    expect(d.inputs.demandGrowthP95).toBe(DEMAND_GROWTH.p95);
    expect(d.inputs.stockGrowthP95).toBe(STOCK_GROWTH.p95);
    expect(d.assumptions.demand?.source).toContain('too few for a trend');
    expect(d.assumptions.stock_growth?.source).toContain('not discounted');
    expect(d.assumptions.ai_share).toBeUndefined();
  });

  it('falls back to the published inputs, and says why, when the trend at as_of is beyond a finite number', () => {
    const steep: TrainingRunRow[] = [
      { model: 'tiny', published: Date.UTC(2024, 0, 1), training_tokens: 1, compute_flop: null, source: 'test' },
      { model: 'huge-1', published: Date.UTC(2024, 1, 6), training_tokens: 1e16, compute_flop: null, source: 'test' },
      { model: 'huge-2', published: Date.UTC(2024, 2, 14), training_tokens: 1e16, compute_flop: null, source: 'test' }
    ];
    const d = computeLiveDefaults({ runs: steep, crawl: NO_CRAWL }, '2100-01-01');
    expect(d.trend).toBeNull();
    expect(d.inputs.demandGrowthP95).toBe(DEMAND_GROWTH.p95);
    expect(d.assumptions.demand?.source).toMatch(
      /trend cannot be used \(the trend's (level|growth) at 2100\.00 is beyond what a number can hold/
    );
    expect(Object.values(d.assumptions).every((a) => Number.isFinite(a.value))).toBe(true);
  });

  it('is deterministic', () => {
    const runs = lineRuns().map((r, i) => ({ ...r, training_tokens: r.training_tokens * (1 + (i % 3) / 2) }));
    const at = '2026-11-27';
    expect(computeLiveDefaults({ runs, crawl: CRAWL }, at)).toEqual(computeLiveDefaults({ runs, crawl: CRAWL }, at));
  });
});

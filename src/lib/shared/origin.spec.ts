import { describe, expect, it } from 'vitest';
import type { StreamsResponse } from '../contract/api';
import type { ColumnInfo } from '../contract/panels';
import { baseOrigin, combineOrigins, forecastOrigin, panelOrigin, spanMeets } from './origin';

const real = { rows: 10, last_ts: '2024-01-01T00:00:00.000Z', simulated_rows: 0, simulated_from: null, simulated_to: null };
const simulatedCrawl = { ...real, simulated_rows: 5, simulated_from: '2020-01-01T00:00:00.000Z', simulated_to: '2024-06-30T00:00:00.000Z' };
const stats = (over: Partial<StreamsResponse> = {}): StreamsResponse => ({
  crawl: real,
  market: real,
  samples: real,
  training: real,
  series: real,
  ...over
});
const cols: ColumnInfo[] = [
  { name: 't', label: 'Time', role: 'time' },
  { name: 'v', label: 'V', role: 'measure' }
];
const row2023 = [{ t: Date.UTC(2023, 0, 1), v: 1 }];

describe('combineOrigins', () => {
  it('lets one simulated input make the figure simulated, then ingested, then measured, then published', () => {
    expect(combineOrigins(['published', 'measured', 'simulated', 'ingested'])).toBe('simulated');
    expect(combineOrigins(['published', 'measured', 'ingested'])).toBe('ingested');
    expect(combineOrigins(['published', 'measured'])).toBe('measured');
    expect(combineOrigins(['published'])).toBe('published');
    expect(combineOrigins([])).toBe('published');
  });
});

describe('panelOrigin', () => {
  it('calls a panel over producers’ rows ingested, and simulated once the simulator’s rows meet its rows', () => {
    const info = { streams: ['crawl' as const], columns: cols };
    expect(panelOrigin(info, row2023, stats())).toBe('ingested');
    expect(panelOrigin(info, row2023, stats({ crawl: simulatedCrawl }))).toBe('simulated');
    expect(panelOrigin(info, [{ t: Date.UTC(2019, 0, 1), v: 1 }], stats({ crawl: simulatedCrawl }))).toBe('ingested');
  });

  it('keeps a forecast computed from published inputs published, though it listens to a simulated stream', () => {
    const forecast = { streams: ['training' as const, 'crawl' as const], simulated_via: [], origin: 'published' as const, columns: cols };
    expect(panelOrigin(forecast, row2023, stats({ crawl: simulatedCrawl }))).toBe('published');
    expect(panelOrigin(forecast, null, stats({ crawl: simulatedCrawl }))).toBe('published');
  });

  it('keeps the marker-word estimate measured: the simulator never writes crawl files', () => {
    const markers = { streams: ['crawl' as const], simulated_via: [], origin: 'measured' as const, columns: cols };
    expect(panelOrigin(markers, row2023, stats({ crawl: simulatedCrawl }))).toBe('measured');
  });

  it('calls published series published, and a panel without rows yet simulated when its stream is', () => {
    expect(baseOrigin({ streams: ['series'] })).toBe('published');
    expect(panelOrigin({ streams: ['series'], columns: cols }, row2023, stats({ crawl: simulatedCrawl }))).toBe('published');
    expect(panelOrigin({ streams: ['crawl'], columns: cols }, null, stats({ crawl: simulatedCrawl }))).toBe('simulated');
  });
});

describe('spanMeets', () => {
  it('meets a window that overlaps the span and not one wholly before or after it', () => {
    const span = { from: Date.UTC(2024, 0, 1), to: Date.UTC(2024, 5, 30) };
    expect(spanMeets(span, Date.UTC(2024, 5, 1), Date.UTC(2024, 11, 31), 0)).toBe(true);
    expect(spanMeets(span, Date.UTC(2024, 6, 1), Date.UTC(2024, 11, 31), 0)).toBe(false);
    expect(spanMeets(span, Date.UTC(2023, 0, 1), Date.UTC(2023, 11, 31), 0)).toBe(false);
    expect(spanMeets(null, 0, Date.UTC(2030, 0, 1), 0)).toBe(false);
  });
});

describe('forecastOrigin', () => {
  it('follows the inputs used: a simulated AI share counts only when applied', () => {
    const demand = { origin: 'measured' as const };
    const share = { origin: 'simulated' as const };
    expect(forecastOrigin({ stock: {}, demand: {} })).toBe('published');
    expect(forecastOrigin({ stock: {}, demand, ai_share: { ...share, applied: false } })).toBe('measured');
    expect(forecastOrigin({ stock: {}, demand, ai_share: share })).toBe('simulated');
  });
});

import { describe, expect, it } from 'vitest';
import type { StreamsResponse } from '../contract/api';
import type { ColumnInfo } from '../contract/panels';
import { showsSimulated } from './simulated';

const real = { rows: 10, last_ts: '2024-01-01T00:00:00.000Z', simulated_rows: 0, simulated_from: null, simulated_to: null };
function stats(over: Partial<StreamsResponse> = {}): StreamsResponse {
  return { crawl: real, market: real, samples: real, training: real, series: real, ...over };
}
const simulatedCrawl = { ...real, simulated_rows: 5, simulated_from: '2020-01-01T00:00:00.000Z', simulated_to: '2024-06-30T00:00:00.000Z' };
const timeCols: ColumnInfo[] = [
  { name: 't', label: 'Time', role: 'time' },
  { name: 'v', label: 'V', role: 'measure' }
];

describe('showsSimulated', () => {
  it('tags a panel over a stream with simulated rows in its window', () => {
    expect(
      showsSimulated({ streams: ['crawl'], columns: timeCols }, [{ t: Date.UTC(2023, 0, 1), v: 1 }], stats({ crawl: simulatedCrawl }))
    ).toBe(true);
  });

  it('does not tag a panel the simulator cannot reach, though its stream holds simulated rows', () => {
    const markers = { streams: ['crawl' as const], simulated_via: [], columns: timeCols };
    expect(showsSimulated(markers, [{ t: Date.UTC(2023, 0, 1), v: 1 }], stats({ crawl: simulatedCrawl }))).toBe(false);
    expect(showsSimulated(markers, null, stats({ crawl: simulatedCrawl }))).toBe(false);
  });

  it('does not tag a panel whose streams hold only ingested rows', () => {
    expect(showsSimulated({ streams: ['crawl'], columns: timeCols }, [{ t: Date.UTC(2023, 0, 1), v: 1 }], stats())).toBe(false);
    expect(
      showsSimulated({ streams: ['series'], columns: timeCols }, [{ t: Date.UTC(2023, 0, 1), v: 1 }], stats({ crawl: simulatedCrawl }))
    ).toBe(false);
  });

  it('does not tag rows all outside the simulated span, but does a bucket that starts just before it', () => {
    const info = { streams: ['crawl' as const], columns: timeCols };
    expect(showsSimulated(info, [{ t: Date.UTC(2019, 0, 1), v: 1 }], stats({ crawl: simulatedCrawl }))).toBe(false);
    expect(showsSimulated(info, [{ t: Date.UTC(2019, 11, 15), v: 1 }], stats({ crawl: simulatedCrawl }))).toBe(true);
  });

  it('tags a panel without a time column by its streams alone', () => {
    const cols: ColumnInfo[] = [{ name: 'domain', label: 'Domain', role: 'dimension' }];
    expect(showsSimulated({ streams: ['crawl'], columns: cols }, [{ domain: 'a.org' }], stats({ crawl: simulatedCrawl }))).toBe(true);
  });
});

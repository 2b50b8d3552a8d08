import { describe, expect, it } from 'vitest';
import { STREAMS } from '../../src/lib/contract/streams';
import { ROW_SPECS } from '../ingest/rows';
import { STREAM_FIELDS, toContractRow, toContractValue } from './fields';

describe('toContractValue', () => {
  it('converts CSV text by the field kind and leaves empty cells out', () => {
    expect(toContractValue('number', '12.5')).toBe(12.5);
    expect(toContractValue('number', '1e3')).toBe(1000);
    expect(toContractValue('number', 'twelve')).toBe('twelve');
    expect(toContractValue('bool', 'TRUE')).toBe(true);
    expect(toContractValue('bool', '0')).toBe(false);
    expect(toContractValue('bool', 1)).toBe(true);
    expect(toContractValue('time', '1735689600000')).toBe(1735689600000);
    expect(toContractValue('time', '2025-01-01T00:00:00Z')).toBe('2025-01-01T00:00:00Z');
    expect(toContractValue('string', 7)).toBe('7');
    expect(toContractValue('string', '007')).toBe('007');
    expect(toContractValue('uint64', ' 18446744073709551615 ')).toBe('18446744073709551615');
    expect(toContractValue('string', '')).toBeUndefined();
    expect(toContractValue('number', null)).toBeUndefined();
  });
});

describe('STREAM_FIELDS', () => {
  it('covers every field each stream accepts, and no other', () => {
    // Rows made only of the listed fields, with values of their kind, pass the ingest checks;
    // any other field is refused by those checks, so the lists cannot silently drift apart.
    const sample: Record<string, unknown> = {
      ts: '2025-05-01T12:00:00Z',
      published_at: '2025-04-01',
      published: '2024-04-18',
      url: 'https://example.org/a',
      lang: 'en',
      content_type: 'article',
      tokens: 10,
      provenance: 'human',
      domain: 'example.org',
      tld: 'org',
      crawl_source: 'cc',
      ai_score: 0.5,
      detector: 'none',
      quality: 0.5,
      simhash: '123',
      platform: 'upwork',
      category: 'writing',
      posting_id: 'p1',
      region: 'eu',
      budget_usd: 10,
      hourly: true,
      bids: 2,
      mentions_ai: false,
      status: 'posted',
      model_family: 'fam',
      model: 'm',
      generation: 0,
      text: 'hello',
      synthetic_fraction: 0.5,
      prompt_id: 'p',
      training_tokens: 1e12,
      organization: 'Lab',
      parameters: 7e9,
      compute_flop: 1e23,
      source: 'test',
      series: 'test.series',
      date: '2024-01-01',
      value: 1.5,
      unit: 'index',
      licence: 'CC BY 4.0'
    };
    for (const stream of STREAMS) {
      const row = Object.fromEntries(Object.keys(STREAM_FIELDS[stream]).map((f) => [f, sample[f]]));
      expect(() => ROW_SPECS[stream].check(row, JSON.stringify(row)), stream).not.toThrow();
      const extra = { ...row, extra: 1 };
      expect(() => ROW_SPECS[stream].check(extra, JSON.stringify(extra)), stream).toThrow(/unknown field/);
    }
  });

  it('turns a CSV record into a contract row', () => {
    expect(
      toContractRow('market', {
        ts: '2025-01-01 00:00:00',
        platform: 'upwork',
        category: 'writing',
        posting_id: '001',
        bids: '3',
        hourly: null
      })
    ).toEqual({
      ts: '2025-01-01 00:00:00',
      platform: 'upwork',
      category: 'writing',
      posting_id: '001',
      bids: 3
    });
  });
});

import { describe, expect, it } from 'vitest';
import { formatInput, inputInterval } from './forecast-inputs';

describe('forecast inputs in tables', () => {
  it('writes counts of any unit with SI suffixes, never as long digit runs', () => {
    expect(formatInput(2.74e11, 'web pages')).toBe('274B');
    expect(formatInput(3.1e14, 'tokens on 2024-01-01 (historical projection)')).toBe('310T');
    expect(formatInput(6.9e24, 'tokens')).toBe('6.9e24');
    expect(formatInput(7600, 'bytes')).toBe('7.6k');
  });

  it('writes shares in percent, factors with ×, logarithms as they are', () => {
    expect(formatInput(0.52, 'share of new crawled tokens')).toBe('52.0%');
    expect(formatInput(2.3988, 'factor per year (historical projection)')).toBe('2.4×');
    expect(formatInput(5, 'x compute-optimal tokens per parameter')).toBe('5×');
    expect(formatInput(26.34, 'log10 FLOP of the largest run')).toBe('26.3');
    expect(formatInput(undefined, 'tokens')).toBe('–');
  });

  it('gives an interval its credibility: 90% for p5-p95, the stated one otherwise, "range" at 100%', () => {
    expect(inputInterval({ value: 3e14, p5: 1e14, p95: 1e15, unit: 'tokens', source: 's' })).toBe('100T – 1P (90%)');
    expect(inputInterval({ value: 2.7e11, lo: 1.9e11, hi: 3.8e11, credibility: 95, unit: 'web pages', source: 's' })).toBe(
      '190B – 380B (95%)'
    );
    expect(inputInterval({ value: 3, lo: 1, hi: 5, credibility: 100, unit: 'epochs', source: 's' })).toBe('1 – 5 (range)');
    expect(inputInterval({ value: 3, unit: 'epochs', source: 's' })).toBe('–');
  });
});

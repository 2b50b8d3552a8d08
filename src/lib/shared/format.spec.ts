import { describe, expect, it } from 'vitest';
import { age, compact, percent, points } from './format';

describe('number formats', () => {
  it('writes token counts with SI suffixes', () => {
    expect(compact(1_234)).toBe('1.2k');
    expect(compact(1.2e12)).toBe('1.2T');
    expect(compact(3.1e14)).toBe('310T');
    expect(compact(999)).toBe('999');
    expect(compact(null)).toBe('–');
  });

  it('writes shares as percentages and changes as percentage points', () => {
    expect(percent(0.523)).toBe('52.3%');
    expect(points(0.031)).toBe('+3.1 pp');
    expect(points(-0.2)).toBe('-20.0 pp');
    expect(percent(Number.NaN)).toBe('–');
  });

  it('says how long ago in the largest sensible unit', () => {
    expect(age(12_000)).toBe('12 s');
    expect(age(4 * 60_000)).toBe('4 min');
    expect(age(3 * 3_600_000)).toBe('3 h');
  });
});

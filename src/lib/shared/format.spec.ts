import { describe, expect, it } from 'vitest';
import { age, axisUnit, compact, formatUnit, percent, points, signedPercent } from './format';

describe('number formats', () => {
  it('writes token counts with SI suffixes', () => {
    expect(compact(1_234)).toBe('1.2k');
    expect(compact(1.2e12)).toBe('1.2T');
    expect(compact(3.1e14)).toBe('310T');
    expect(compact(999)).toBe('999');
    expect(compact(null)).toBe('–');
  });

  it('keeps SI suffixes through E and writes larger numbers in scientific notation', () => {
    expect(compact(1e18)).toBe('1E');
    expect(compact(6.9e20)).toBe('690E');
    expect(compact(6.9e24)).toBe('6.9e24');
    expect(axisUnit(1e18, 'tokens')).toBe('1E');
    expect(compact(-2.5e18)).toBe('-2.5E');
  });

  it('writes changes of shares in signed percentage points and relative changes with their sign', () => {
    expect(formatUnit(0.092, 'points')).toBe('+9.2 pp');
    expect(formatUnit(-0.031, 'points')).toBe('-3.1 pp');
    expect(formatUnit(0.12, 'change')).toBe('+12.0%');
    expect(signedPercent(-0.05)).toBe('−5.0%');
    expect(signedPercent(0)).toBe('0.0%');
    expect(axisUnit(0.05, 'points')).toBe('+5 pp');
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

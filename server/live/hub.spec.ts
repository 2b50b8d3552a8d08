import { describe, expect, it } from 'vitest';
import { refreshGap } from './hub';

describe('refresh gap after ingest', () => {
  it('follows every write for short windows and spaces pushes out for long histories', () => {
    const day = 86_400_000;
    expect(refreshGap(3_600_000)).toBe(0);
    expect(refreshGap(7 * day)).toBe(1_000);
    expect(refreshGap(30 * day)).toBe(3_000);
    expect(refreshGap(365 * day)).toBe(5_000);
    expect(refreshGap(6 * 365 * day)).toBe(5_000);
  });
});

import { describe, expect, it } from 'vitest';
import { refreshGap, restAfterIngest } from './hub';

const day = 86_400_000;

describe('refresh gap after ingest', () => {
  it('never rests a short window and caps the rest of long histories', () => {
    expect(refreshGap(3_600_000)).toBe(0);
    expect(refreshGap(7 * day)).toBe(1_000);
    expect(refreshGap(30 * day)).toBe(3_000);
    expect(refreshGap(365 * day)).toBe(5_000);
    expect(refreshGap(6 * 365 * day)).toBe(5_000);
  });
});

describe('rest after ingest', () => {
  it('is the factor times the last query, up to the cap', () => {
    expect(restAfterIngest(0, 5_000, 2)).toBe(0);
    expect(restAfterIngest(12, 5_000, 2)).toBe(24);
    expect(restAfterIngest(400, 1_000, 2)).toBe(800);
    expect(restAfterIngest(900, 1_000, 2)).toBe(1_000);
    expect(restAfterIngest(9_000, 5_000, 2)).toBe(5_000);
  });

  it('never rests a view whose cap is zero, however slow its query', () => {
    expect(restAfterIngest(2_000, refreshGap(3_600_000), 2)).toBe(0);
  });

  it('treats a clock that stepped back as no time taken', () => {
    expect(restAfterIngest(-50, 5_000, 2)).toBe(0);
  });
});

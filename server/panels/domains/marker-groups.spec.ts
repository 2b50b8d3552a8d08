import { describe, expect, it } from 'vitest';
import { AFTER_CHATGPT_MS, groupFor } from './marker-baseline';
import { markerGroupRows } from './marker-groups';

const month = (y: number, m: number) => Date.UTC(y, m - 1, 1);
const groups = (entries: [number, number][]) => new Map(entries);

// Pre-ChatGPT years: 10% of documents hold a 2024-group word, 30% a 2021-group word.
const pre = [
  {
    year: 2021,
    docs: 100,
    groups: groups([
      [2024, 10],
      [2021, 30]
    ])
  },
  {
    year: 2022,
    docs: 100,
    groups: groups([
      [2024, 10],
      [2021, 30]
    ])
  }
];

describe('marker-word groups by year', () => {
  it('counts a month after ChatGPT with its own year’s group only, and the latest group before', () => {
    expect(groupFor(month(2024, 6), [2023, 2024])).toBe(2024);
    expect(groupFor(month(2023, 6), [2023, 2024])).toBe(2023);
    expect(groupFor(month(2025, 1), [2024])).toBeNull();
    expect(groupFor(AFTER_CHATGPT_MS, [2024])).toBeNull();
    expect(groupFor(month(2021, 3), [2023, 2024])).toBe(2024);
    expect(groupFor(month(2021, 3), [])).toBeNull();
  });

  it('does not count a word whose excess is in another year: 2024 is measured with the 2024 group and its baseline', () => {
    // June 2024: 12 of 100 documents hold a 2024 word; 90 hold a word of the 2021 group (pandemic-era).
    const rows = markerGroupRows(
      [
        {
          t: month(2024, 6),
          docs: 100,
          groups: groups([
            [2024, 12],
            [2021, 90]
          ])
        }
      ],
      pre,
      [2021, 2024],
      {
        resamples: 200
      }
    );
    expect(rows[0]).toMatchObject({ group_year: 2024, docs: 100, marker_docs: 12 });
    expect(rows[0]?.marker_share).toBeCloseTo(0.12, 12);
    expect(rows[0]?.baseline_share).toBeCloseTo(0.1, 12);
    expect(rows[0]?.excess_share).toBeCloseTo(0.02, 12);
    // The 2021 group's 90 documents moved nothing: with them the excess would be far larger.
    const without = markerGroupRows([{ t: month(2024, 6), docs: 100, groups: groups([[2024, 12]]) }], pre, [2021, 2024], {
      resamples: 200
    });
    expect(without[0]?.excess_share).toBe(rows[0]?.excess_share);
  });

  it('gives no estimate for a year without a group of its own, rather than another year’s words', () => {
    const rows = markerGroupRows([{ t: month(2025, 2), docs: 50, groups: groups([[2024, 40]]) }], pre, [2024]);
    expect(rows[0]).toEqual({
      t: month(2025, 2),
      group_year: null,
      docs: 50,
      marker_docs: null,
      marker_share: null,
      baseline_share: null,
      excess_share: null,
      excess_lo: null,
      excess_hi: null
    });
  });

  it('shows the pre-ChatGPT months with the latest group, the one whose baseline they make', () => {
    const rows = markerGroupRows(
      [
        {
          t: month(2022, 3),
          docs: 40,
          groups: groups([
            [2024, 4],
            [2021, 20]
          ])
        }
      ],
      pre,
      [2021, 2024]
    );
    expect(rows[0]).toMatchObject({ group_year: 2024, marker_docs: 4, marker_share: 0.1, baseline_share: null, excess_share: null });
  });
});

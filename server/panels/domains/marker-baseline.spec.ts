import { describe, expect, it } from 'vitest';
import { AFTER_CHATGPT_MS, baselineFor, markerRows } from './marker-baseline';

const month = (y: number, m: number) => Date.UTC(y, m - 1, 1);

describe('marker-word baseline', () => {
  it('carries the last pre-ChatGPT rise forward per year, as q = p(-1) + k max(p(-1) - p(-2), 0)', () => {
    const q = baselineFor([
      { year: 2020, docs: 100, marker_docs: 10 },
      { year: 2021, docs: 100, marker_docs: 15 },
      { year: 2022, docs: 200, marker_docs: 40 }
    ]);
    expect(q?.(2022)).toBeCloseTo(0.2, 12);
    expect(q?.(2023)).toBeCloseTo(0.25, 12);
    expect(q?.(2024)).toBeCloseTo(0.3, 12);
  });

  it('keeps a falling trend flat instead of projecting it down', () => {
    const q = baselineFor([
      { year: 2021, docs: 10, marker_docs: 5 },
      { year: 2022, docs: 10, marker_docs: 3 }
    ]);
    expect(q?.(2025)).toBeCloseTo(0.3, 12);
  });

  it('spreads the rise over the years between the two pre-ChatGPT years the data holds', () => {
    const q = baselineFor([
      { year: 2018, docs: 10, marker_docs: 1 },
      { year: 2020, docs: 10, marker_docs: 3 }
    ]);
    expect(q?.(2023)).toBeCloseTo(0.3 + 3 * 0.1, 12);
  });

  it('has no baseline without pre-ChatGPT documents, and a flat one with a single year', () => {
    expect(baselineFor([])).toBeNull();
    expect(baselineFor([{ year: 2022, docs: 0, marker_docs: 0 }])).toBeNull();
    expect(baselineFor([{ year: 2021, docs: 4, marker_docs: 1 }])?.(2024)).toBeCloseTo(0.25, 12);
  });

  it('caps the projection at 1', () => {
    const q = baselineFor([
      { year: 2021, docs: 10, marker_docs: 5 },
      { year: 2022, docs: 10, marker_docs: 9 }
    ]);
    expect(q?.(2026)).toBe(1);
  });

  it('gives baseline and excess from December 2022 only', () => {
    const rows = markerRows(
      [
        { t: month(2022, 11), docs: 10, marker_docs: 2 },
        { t: AFTER_CHATGPT_MS, docs: 10, marker_docs: 3 },
        { t: month(2024, 3), docs: 8, marker_docs: 6 },
        { t: month(2024, 4), docs: 0, marker_docs: 0 }
      ],
      [
        { year: 2021, docs: 10, marker_docs: 1 },
        { year: 2022, docs: 10, marker_docs: 2 }
      ]
    );
    expect(rows[0]).toMatchObject({ marker_share: 0.2, baseline_share: null, excess_share: null });
    expect(rows[1]?.baseline_share).toBeCloseTo(0.2, 12);
    expect(rows[1]?.excess_share).toBeCloseTo(0.1, 12);
    expect(rows[2]?.baseline_share).toBeCloseTo(0.4, 12);
    expect(rows[2]?.excess_share).toBeCloseTo(0.75 - 0.4, 12);
    expect(rows[3]).toMatchObject({ marker_share: null, excess_share: null });
  });
});

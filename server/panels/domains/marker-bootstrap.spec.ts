import { describe, expect, it } from 'vitest';
import { createRng } from '../../lib/random';
import { markerRows } from './marker-baseline';
import { binomial, withExcessInterval } from './marker-bootstrap';

const pre = (docs: number) => [
  { year: 2020, docs, marker_docs: Math.round(docs * 0.1) },
  { year: 2021, docs, marker_docs: Math.round(docs * 0.1) }
];
const month = (docs: number, share: number) => [{ t: Date.UTC(2024, 5, 1), docs, marker_docs: Math.round(docs * share) }];

function interval(monthDocs: number, preDocs: number) {
  const months = month(monthDocs, 0.2);
  const years = pre(preDocs);
  const [row] = withExcessInterval(markerRows(months, years), months, years);
  return { excess: row?.excess_share as number, lo: row?.excess_lo as number, hi: row?.excess_hi as number };
}

describe('binomial draws', () => {
  it('have the binomial mean and variance in every regime (counted, Poisson, normal)', () => {
    const rng = createRng(7);
    for (const [n, p] of [
      [50, 0.3],
      [5000, 0.0005],
      [5000, 0.9995],
      [5000, 0.2]
    ] as const) {
      const xs = Array.from({ length: 4000 }, () => binomial(n, p, rng));
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
      expect(Math.abs(mean - n * p), `${n} ${p}`).toBeLessThan(4 * Math.sqrt((n * p * (1 - p)) / xs.length) + 0.01);
      expect(variance / (n * p * (1 - p)), `${n} ${p}`).toBeGreaterThan(0.85);
      expect(variance / (n * p * (1 - p)), `${n} ${p}`).toBeLessThan(1.15);
    }
  });
});

describe('the marker excess bootstrap over documents', () => {
  it('brackets the excess with the binomial 95% interval when the baseline is all but fixed', () => {
    // 10,000 documents at 20% against a baseline of 10% from 10 million documents a year: the
    // half-width is 1.96 sqrt(0.2 x 0.8 / 10,000) = 0.0078.
    const r = interval(10_000, 10_000_000);
    expect(r.excess).toBeCloseTo(0.1, 10);
    expect(r.lo).toBeLessThan(r.excess);
    expect(r.hi).toBeGreaterThan(r.excess);
    expect((r.hi - r.lo) / 2).toBeGreaterThan(0.0078 * 0.85);
    expect((r.hi - r.lo) / 2).toBeLessThan(0.0078 * 1.15);
  });

  it('widens with fewer documents, by about the square root, and with a baseline from fewer documents', () => {
    const many = interval(40_000, 10_000_000);
    const few = interval(400, 10_000_000);
    expect((few.hi - few.lo) / (many.hi - many.lo)).toBeGreaterThan(7);
    expect((few.hi - few.lo) / (many.hi - many.lo)).toBeLessThan(13);
    const noisyBaseline = interval(40_000, 2_000);
    expect(noisyBaseline.hi - noisyBaseline.lo).toBeGreaterThan(1.5 * (many.hi - many.lo));
  });

  it('is the same for the same counts and leaves months without an excess without an interval', () => {
    const months = [...month(1000, 0.2), { t: Date.UTC(2021, 5, 1), docs: 1000, marker_docs: 100 }];
    const a = withExcessInterval(markerRows(months, pre(1000)), months, pre(1000));
    expect(withExcessInterval(markerRows(months, pre(1000)), months, pre(1000))).toEqual(a);
    expect(a[1]).toMatchObject({ excess_share: null, excess_lo: null, excess_hi: null });
    expect(withExcessInterval(markerRows(months, []), months, [])[0]).toMatchObject({ excess_lo: null, excess_hi: null });
  });
});

import { describe, expect, it } from 'vitest';
import { compactElapsedMs, compactRows } from './compact-answer';

const answer = (names: string[], data: unknown[][], elapsed?: unknown) => ({
  meta: names.map((name) => ({ name, type: 'String' })),
  data,
  rows: data.length,
  ...(elapsed === undefined ? {} : { statistics: { elapsed, rows_read: 1, bytes_read: 1 } })
});

describe('JSONCompact answers', () => {
  it('gives each row as an object keyed by column, in column order', () => {
    const rows = compactRows(
      answer(
        ['t', 'docs', 'share'],
        [
          ['2025-01-01', 3, null],
          ['2025-01-02', 4, 'nan']
        ]
      )
    );
    expect(rows).toEqual([
      { t: '2025-01-01', docs: 3, share: null },
      { t: '2025-01-02', docs: 4, share: 'nan' }
    ]);
    expect(Object.keys(rows[0] as object)).toEqual(['t', 'docs', 'share']);
  });

  it('keeps a column named __proto__ as a column, as JSON.parse does', () => {
    const [row] = compactRows<Record<string, unknown>>(answer(['__proto__', 'x'], [[{ polluted: true }, 1]]));
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
    expect(Object.keys(row!)).toEqual(['__proto__', 'x']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses an answer that is not JSONCompact', () => {
    expect(() => compactRows([{ a: 1 }])).toThrow(/JSONCompact/);
    expect(() => compactRows(null)).toThrow(/JSONCompact/);
  });

  it("reads the statement's elapsed seconds as ms, and nothing from an answer without a usable one", () => {
    expect(compactElapsedMs(answer(['x'], [], 0.0125))).toBe(12.5);
    expect(compactElapsedMs(answer(['x'], [], 0))).toBe(0);
    for (const bad of [undefined, '0.1', -1, Number.NaN]) expect(compactElapsedMs(answer(['x'], [], bad))).toBeNull();
    expect(compactElapsedMs(null)).toBeNull();
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PanelRow } from '../contract/socket';
import { applySplices, diffRows, patchRows, rowTexts, smaller, SpliceError } from './row-delta';

const diff = (before: PanelRow[], after: PanelRow[], maxEdits?: number) => diffRows(after, rowTexts(before), rowTexts(after), maxEdits);

/** Hourly rows of two series, ordered by time then series, as the time-series panels answer. */
function series(fromHour: number, toHour: number, value = (h: number, s: string) => h * 10 + s.length): PanelRow[] {
  const rows: PanelRow[] = [];
  for (let h = fromHour; h < toHour; h++)
    for (const s of ['ai', 'human']) rows.push({ t: h * 3_600_000, provenance: s, docs: value(h, s) });
  return rows;
}

describe('diffRows and applySplices', () => {
  it('a window that slides by one bucket, an open bucket with new values and a new bucket: three small edits', () => {
    const before = series(0, 24, (h, s) => (h === 23 ? 5 : h * 10 + s.length));
    const after = series(1, 25);
    const d = diff(before, after)!;
    expect(applySplices(before, d.splices)).toEqual(after);
    // The two rows of hour 0 leave; hour 23's two rows are replaced; hour 24's two are added.
    expect(d.splices).toEqual([
      { at: 0, del: 2, rows: [] },
      { at: 46, del: 2, rows: after.slice(44) }
    ]);
    // An upper bound of the splices' JSON, within a few characters per splice.
    expect(d.chars - JSON.stringify(d.splices).length).toBeGreaterThanOrEqual(0);
    expect(d.chars - JSON.stringify(d.splices).length).toBeLessThanOrEqual(3 * d.splices.length);
  });

  it('an unchanged result is no splice at all; an emptied one removes everything', () => {
    const rows = series(0, 3);
    expect(diff(rows, rows)?.splices).toEqual([]);
    expect(diff(rows, [], 6)?.splices).toEqual([{ at: 0, del: 6, rows: [] }]);
    expect(applySplices(rows, diff(rows, [], 6)!.splices)).toEqual([]);
    expect(applySplices([], diff([], rows, 6)!.splices)).toEqual(rows);
  });

  it('a ranking that reorders (panels keyed by a label, not time) still lands in the new order', () => {
    const before: PanelRow[] = ['a.org', 'b.org', 'c.org', 'd.org'].map((domain, i) => ({ domain, docs: 100 - i }));
    const after: PanelRow[] = [{ domain: 'c.org', docs: 120 }, before[0]!, before[1]!, before[3]!];
    const d = diff(before, after)!;
    expect(applySplices(before, d.splices)).toEqual(after);
  });

  it('gives up (null) past the edit budget, so the caller sends the whole result', () => {
    const before = series(0, 10);
    const after = series(0, 10, () => -1);
    expect(diff(before, after, 5)).toBeNull();
    expect(diff(before, after)).toBeNull();
  });

  it('refuses splices that do not fit the rows held', () => {
    const rows = series(0, 2);
    expect(() => applySplices(rows, [{ at: 3, del: 2, rows: [] }])).toThrow(SpliceError);
    expect(() => applySplices(rows, [{ at: 5, del: 0, rows: [] }])).toThrow(SpliceError);
    expect(() => applySplices(rows, [{ at: -1, del: 0, rows: [] }])).toThrow(SpliceError);
    expect(() =>
      applySplices(rows, [
        { at: 2, del: 1, rows: [] },
        { at: 1, del: 0, rows: [] }
      ])
    ).toThrow(SpliceError);
    expect(() => applySplices(rows, [{ at: 0, del: 1.5, rows: [] }])).toThrow(SpliceError);
  });

  // Cells as they arrive over JSON: no NaN, no -0 (JSON has neither).
  const cell = fc.oneof(
    fc.constantFrom('ai', 'human', 'mixed', 'de', 'en'),
    fc.integer({ min: -3, max: 3 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Object.is(x, -0)),
    fc.constant(null)
  );
  const row = fc.record({ t: fc.integer({ min: 0, max: 5 }), label: cell, value: cell });
  const rows = fc.array(row, { maxLength: 40 });

  it('for any two row lists, applying the diff to the old gives rows deep-equal to the new, in order', () => {
    fc.assert(
      fc.property(rows, rows, (before, after) => {
        const d = diffRows(after, rowTexts(before), rowTexts(after), before.length + after.length);
        expect(d).not.toBeNull();
        expect(applySplices(before, d!.splices)).toEqual(after);
        expect(d!.chars).toBeGreaterThanOrEqual(JSON.stringify(d!.splices).length);
        expect(JSON.parse(JSON.stringify(applySplices(before, JSON.parse(JSON.stringify(d!.splices)))))).toEqual(after);
      }),
      { numRuns: 500 }
    );
  });

  it('for edits of a list (slides, replacements, additions), the splices carry no more rows than were edited', () => {
    const edited = rows.chain((before) =>
      fc.record({
        before: fc.constant(before),
        drop: fc.nat({ max: before.length }),
        replace: fc.array(fc.tuple(fc.nat(), row), { maxLength: 3 }),
        add: fc.array(row, { maxLength: 5 })
      })
    );
    fc.assert(
      fc.property(edited, ({ before, drop, replace, add }) => {
        const after = before.slice(drop);
        for (const [i, r] of replace) if (after.length > 0) after[i % after.length] = r;
        after.push(...add);
        const d = diffRows(after, rowTexts(before), rowTexts(after), before.length + after.length)!;
        expect(applySplices(before, d.splices)).toEqual(after);
        expect(d.splices.reduce((n, s) => n + s.rows.length, 0)).toBeLessThanOrEqual(replace.length + add.length);
      }),
      { numRuns: 300 }
    );
  });

  it('a breakdown whose shares all moved: the changed cells in place, a fraction of the rows', () => {
    const bins = (extra: number): PanelRow[] =>
      Array.from({ length: 20 }, (_, i) => {
        const docs = 100 + i + (i === 7 ? extra : 0);
        return { score_from: i / 20, score_to: (i + 1) / 20, provenance: 'ai', docs, share: docs / (2190 + extra) };
      });
    const before = bins(0);
    const after = bins(1);
    // Every row's share changed: the edit script replaces all twenty rows and gives up.
    expect(diff(before, after)).toBeNull();
    const p = patchRows(before, after, rowTexts(before))!;
    expect(applySplices(before, p.splices)).toEqual(after);
    expect(p.splices).toHaveLength(1);
    expect(p.splices[0]!.set![7]).toEqual({ docs: 108, share: 108 / 2191 });
    expect(p.splices[0]!.set![0]).toEqual({ share: 100 / 2191 });
    expect(p.chars).toBeGreaterThanOrEqual(JSON.stringify(p.splices).length);
    expect(p.chars).toBeLessThan(JSON.stringify(after).length / 2);
    expect(smaller(diff(before, after), p)).toBe(p);
  });

  it('changes in place only where the shapes match: same length, same columns in the same order', () => {
    const before: PanelRow[] = [
      { lang: 'en', docs: 1 },
      { lang: 'de', docs: 2 }
    ];
    expect(patchRows(before, [{ lang: 'en', docs: 1 }], rowTexts(before))).toBeNull();
    expect(
      patchRows(
        before,
        [
          { lang: 'en', docs: 1 },
          { docs: 3, lang: 'de' }
        ],
        rowTexts(before)
      )
    ).toBeNull();
    expect(
      patchRows(
        before,
        [
          { lang: 'en', docs: 1 },
          { lang: 'de', docs: 2, ai: 0 }
        ],
        rowTexts(before)
      )
    ).toBeNull();
    expect(patchRows(before, before, rowTexts(before))?.splices).toEqual([]);
  });

  it('unchanged rows between changed ones ride along as {} up to a gap, then a new splice starts', () => {
    const before: PanelRow[] = Array.from({ length: 30 }, (_, i) => ({ i, v: 0 }));
    const after = before.map((r) => (r.i === 0 || r.i === 3 || r.i === 25 ? { ...r, v: 1 } : r));
    const p = patchRows(before, after, rowTexts(before))!;
    expect(p.splices).toEqual([
      { at: 0, del: 4, rows: [], set: [{ v: 1 }, {}, {}, { v: 1 }] },
      { at: 25, del: 1, rows: [], set: [{ v: 1 }] }
    ]);
    expect(applySplices(before, p.splices)).toEqual(after);
  });

  it('refuses in-place changes that do not fit the rows held', () => {
    const rows: PanelRow[] = [{ lang: 'en', docs: 1 }];
    expect(() => applySplices(rows, [{ at: 0, del: 1, rows: [], set: [{ tokens: 5 }] }])).toThrow(SpliceError);
    expect(() => applySplices(rows, [{ at: 0, del: 1, rows: [], set: [] }])).toThrow(SpliceError);
    expect(() => applySplices(rows, [{ at: 0, del: 1, rows: [{ lang: 'de', docs: 1 }], set: [{ docs: 2 }] }])).toThrow(SpliceError);
    expect(() => applySplices(rows, [{ at: 0, del: 2, rows: [], set: [{}, {}] }])).toThrow(SpliceError);
  });

  it('for any change of cells in place, applying the patch to the old gives rows deep-equal to the new', () => {
    const pair = rows.chain((before) =>
      fc.record({
        before: fc.constant(before),
        after: fc.tuple(...before.map((r) => fc.oneof(fc.constant(r), fc.record({ t: fc.constant(r.t), label: cell, value: cell }))))
      })
    );
    fc.assert(
      fc.property(pair, ({ before, after }) => {
        const p = patchRows(before, after, rowTexts(before))!;
        expect(p).not.toBeNull();
        expect(applySplices(before, JSON.parse(JSON.stringify(p.splices)))).toEqual(after);
        expect(p.chars).toBeGreaterThanOrEqual(JSON.stringify(p.splices).length);
      }),
      { numRuns: 300 }
    );
  });
});

import { describe, expect, it } from 'vitest';
import { labelWidth, placeLabels, plotWidth } from './annotation-layout';

const overlaps = (a: { left: number; right: number }, b: { left: number; right: number }) => a.left < b.right && b.left < a.right;

describe('placeLabels', () => {
  it('puts labels that would touch into the next row, and none of one row overlap', () => {
    const items = [0, 30, 60, 90, 400].map((x) => ({ x: x + 100, width: 100 }));
    const places = placeLabels(items, 600, 3);
    expect(places.map((p) => p.row)).toEqual([0, 1, 2, null, 0]);
    for (const [i, p] of places.entries())
      for (const q of places.slice(i + 1)) if (p.row !== null && p.row === q.row) expect(overlaps(p, q)).toBe(false);
  });

  it('starts a label at its mark near the left edge and ends it there near the right edge', () => {
    const [left, right] = placeLabels(
      [
        { x: 5, width: 60 },
        { x: 595, width: 60 }
      ],
      600,
      1
    );
    expect(left).toMatchObject({ align: 'left', left: 5, right: 65 });
    expect(right).toMatchObject({ align: 'right', left: 535, right: 595 });
  });
});

describe('labelWidth and plotWidth', () => {
  it('grow with the text and the font, and take margins and axis labels off the chart width', () => {
    expect(labelWidth('ChatGPT released', 24)).toBeGreaterThan(labelWidth('ChatGPT released', 12));
    expect(labelWidth('ChatGPT released +3', 12)).toBeGreaterThan(labelWidth('ChatGPT', 12));
    const one = plotWidth({ grid: { left: 6, right: 14 }, yAxis: {} }, 800, 12);
    const two = plotWidth({ grid: { left: 6, right: 14 }, yAxis: [{}, {}] }, 800, 12);
    expect(one).toBeLessThan(780);
    expect(two).toBeLessThan(one);
  });
});

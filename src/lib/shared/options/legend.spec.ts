import { describe, expect, it } from 'vitest';
import { gridFor } from './style';
import { legendEntries, topEntries, withoutLegend } from './legend';

describe('legend entries drawn outside the chart', () => {
  it('lists each named series once with its own colour, and marks dashed lines', () => {
    const option = {
      color: ['#111111', '#222222'],
      series: [
        { name: 'human', color: '#0072B2' },
        { name: 'ai', lineStyle: { color: '#D55E00', type: 'dashed' } },
        { name: 'human' },
        { name: 'words' },
        { name: '' }
      ]
    };
    expect(legendEntries(option)).toEqual([
      { name: 'human', color: '#0072B2', dashed: false },
      { name: 'ai', color: '#D55E00', dashed: true },
      { name: 'words', color: '#222222', dashed: false }
    ]);
  });

  it("follows the legend's own list when it has one", () => {
    const option = {
      legend: { data: ['median'] },
      series: [
        { name: 'median', color: '#000' },
        { name: '90% band', color: '#ccc' }
      ]
    };
    expect(legendEntries(option).map((e) => e.name)).toEqual(['median']);
  });

  it('keeps the first entries and counts the rest', () => {
    const entries = ['a', 'b', 'c'].map((name) => ({ name, color: '#000', dashed: false }));
    expect(topEntries(entries, 2)).toEqual({ shown: entries.slice(0, 2), more: 1 });
    expect(topEntries(entries, 5).more).toBe(0);
  });

  it('switches the legend off and gives back the room its grid kept for it, nothing more', () => {
    const fontSize = 30;
    const style = { theme: 'dark', fontSize } as const;
    const withRoom = gridFor(style);
    const without = gridFor(style, { legend: false });
    const one = withoutLegend({ legend: { top: 0 }, grid: withRoom, series: [] }, fontSize);
    expect(one.legend).toEqual({ show: false });
    // The same top as a chart that never had a legend.
    expect((one.grid as { top: number }).top).toBe(without.top);
    // A grid with extra room above the legend's keeps the extra; a grid placed by percentage
    // and one without legend room stay where they are.
    const two = withoutLegend({ grid: [{ ...withRoom, top: withRoom.top + 12 }, { ...withRoom, top: '62%' }, without] }, fontSize);
    expect((two.grid as { top: unknown }[]).map((g) => g.top)).toEqual([without.top + 12, '62%', without.top]);
  });
});

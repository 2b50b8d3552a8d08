import { describe, expect, it } from 'vitest';
import { legendEntries, topEntries } from './legend';

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
});

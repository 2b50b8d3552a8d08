import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../contract/annotations';
import type { Claim } from '../../contract/claims';
import { annotationsInView, groupEvents, withAnnotations } from './annotations';
import type { ChartStyle } from './style';

const style: ChartStyle = { theme: 'dark', fontSize: 12 };
const DAY = 86_400_000;
const T0 = Date.UTC(2022, 0, 1);

function note(id: string, day: number, extra: Partial<Annotation> = {}): Annotation {
  return {
    id,
    version: 1,
    kind: 'event',
    time: T0 + day * DAY,
    timeEnd: null,
    title: id,
    text: '',
    tags: [],
    panels: [],
    source: null,
    author: '',
    origin: 'user',
    ...extra
  };
}

/** A time chart over 1000 days from T0. */
const timeChart = () => ({
  xAxis: { type: 'time' },
  legend: {},
  series: [
    {
      name: 'AI',
      type: 'line',
      data: [
        [T0, 0.1],
        [T0 + 1000 * DAY, 0.5]
      ]
    }
  ]
});

type Marks = {
  markLine?: { data: { name: string; xAxis?: number; yAxis?: number; tooltip?: { formatter: string } }[] };
  markArea?: { data: unknown[][] };
};
const marksOf = (o: unknown) => (o as { series: Marks[] }).series.at(-1) as Marks;

describe('withAnnotations', () => {
  it('draws an event as a vertical line at its time, labelled with its title', () => {
    const o = withAnnotations(timeChart(), {
      info: { id: 'provenance.ai_share', unit: 'share' },
      annotations: [note('ChatGPT released', 333)],
      style
    });
    expect(marksOf(o).markLine?.data).toMatchObject([{ name: 'ChatGPT released', xAxis: T0 + 333 * DAY }]);
  });

  it("groups events by how far apart their marks are at the chart's width, not by a fixed span of time", () => {
    // Days 100, 110 and 120, then 600: ten days is a few pixels on a phone, tens on a wall.
    const notes = [note('a', 100), note('b', 110), note('c', 120), note('d', 600)];
    const at = (width: number) =>
      marksOf(
        withAnnotations(timeChart(), { info: { id: 'provenance.ai_share', unit: 'share' }, annotations: notes, style, width })
      ).markLine?.data.map((d) => d.name);
    expect(at(360)).toEqual(['a +2', 'd']);
    expect(at(3840)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('staggers labels into rows, and hides a label with no free row while keeping its mark', () => {
    // Twelve events a fortnight apart on a phone-wide chart: more than three rows can hold.
    const notes = Array.from({ length: 12 }, (_, i) => note(`Crowded event ${i}`, 300 + i * 14));
    const o = withAnnotations(timeChart(), { info: { id: 'provenance.ai_share', unit: 'share' }, annotations: notes, style, width: 1000 });
    const data = (marksOf(o).markLine?.data ?? []) as { name: string; label: { show?: boolean; distance?: number[] } }[];
    const rows = new Set(data.filter((d) => d.label.show !== false).map((d) => d.label.distance?.[1]));
    expect(rows.size).toBeGreaterThan(1);
    expect(data.some((d) => d.label.show === false)).toBe(true);
    // Every event keeps a mark and its hover text, labelled or not.
    expect(data.flatMap((d) => (d as unknown as { annotationIds: string[] }).annotationIds)).toHaveLength(12);
  });

  it('numbers marks for the report instead of titles', () => {
    const notes = [note('a', 100), note('b', 110), note('d', 600)];
    const numbers = new Map([
      ['a', 1],
      ['b', 2],
      ['d', 3]
    ]);
    const o = withAnnotations(timeChart(), { info: { id: 'provenance.ai_share', unit: 'share' }, annotations: notes, style, numbers });
    expect(marksOf(o).markLine?.data.map((d) => d.name)).toEqual(['1–2', '3']);
  });

  it('draws a region as a band and leaves out annotations of other panels or outside the window', () => {
    const notes = [
      note('outage', 200, { kind: 'region', timeEnd: T0 + 230 * DAY }),
      note('elsewhere', 300, { panels: ['market.rates'] }),
      note('later', 2000)
    ];
    const o = withAnnotations(timeChart(), { info: { id: 'provenance.ai_share', unit: 'share' }, annotations: notes, style });
    expect(marksOf(o).markArea?.data).toMatchObject([[{ name: 'outage', xAxis: T0 + 200 * DAY }, { xAxis: T0 + 230 * DAY }]]);
    expect(marksOf(o).markLine).toBeUndefined();
  });

  it('escapes HTML in the hover text', () => {
    const o = withAnnotations(timeChart(), {
      info: { id: 'provenance.ai_share', unit: 'share' },
      annotations: [note('x', 10, { title: '<img src=x onerror=alert(1)>' })],
      style
    });
    expect(marksOf(o).markLine?.data[0]?.tooltip?.formatter).not.toContain('<img');
  });

  it('leaves charts without a time axis unchanged', () => {
    const bar = { xAxis: { type: 'category', data: ['a'] }, series: [{ type: 'bar', data: [1] }] };
    expect(withAnnotations(bar, { info: { id: 'provenance.by_domain', unit: 'share' }, annotations: [note('a', 1)], style })).toBe(bar);
  });

  it('draws a percentage claim on a share panel as a reference line with its citation', () => {
    const claim = {
      id: 'g',
      claim: 'c',
      value: 50.3,
      value_high: null,
      unit: '%',
      as_of: '2024-11',
      scope: '',
      source: { title: 'Graphite (2025)', url: 'https://graphite.io', publisher: 'Graphite', kind: 'industry study' },
      status: 'sourced',
      panels: ['provenance.ai_share'],
      note: '',
      evidence: {
        panel: 'provenance.ai_share',
        label: '',
        value: 40,
        unit: '%',
        window: { from: '', to: '' },
        origin: 'simulated',
        reading: ''
      }
    } satisfies Claim;
    const o = withAnnotations(timeChart(), { info: { id: 'provenance.ai_share', unit: 'share' }, annotations: [], claims: [claim], style });
    expect(marksOf(o).markLine?.data).toMatchObject([{ yAxis: 0.503, name: 'Graphite (2024-11): 50.3%' }]);
    // Not on a panel that measures something else.
    const other = withAnnotations(timeChart(), {
      info: { id: 'published.llm_words', unit: 'share' },
      annotations: [],
      claims: [claim],
      style
    });
    expect(marksOf(other).markLine).toBeUndefined();
    // A second claim about nearly the same share puts its citation below its line, away from the first's.
    const quoted = { ...claim, id: 'q', value: 50, as_of: '2025' } satisfies Claim;
    const both = withAnnotations(timeChart(), {
      info: { id: 'provenance.ai_share', unit: 'share' },
      annotations: [],
      claims: [claim, quoted],
      style
    });
    expect(marksOf(both).markLine?.data).toMatchObject([
      { yAxis: 0.503, label: { position: 'insideEndTop' } },
      { yAxis: 0.5, label: { position: 'insideEndBottom' } }
    ]);
  });
});

describe('groupEvents and annotationsInView', () => {
  it('starts a new group once an event is further than the gap from the group start', () => {
    const g = groupEvents([note('a', 0), note('b', 2), note('c', 4)], 3 * DAY);
    expect(g.map((x) => x.items.map((a) => a.id))).toEqual([['a', 'b'], ['c']]);
  });
  it('lists the annotations of a panel that overlap a window, in time order', () => {
    const list = annotationsInView(
      [note('b', 20), note('a', 10), note('r', 0, { kind: 'region', timeEnd: T0 + 15 * DAY }), note('x', 40)],
      'market.rates',
      T0 + 5 * DAY,
      T0 + 30 * DAY
    );
    expect(list.map((a) => a.id)).toEqual(['r', 'a', 'b']);
  });
});

describe('a year-range claim on the forecast', () => {
  it('is a band over the whole years it names, on a time axis', () => {
    const chart = {
      xAxis: { type: 'time' },
      legend: {},
      series: [
        {
          name: 'p',
          type: 'line',
          data: [
            [Date.UTC(2024, 0, 1), 0],
            [Date.UTC(2040, 0, 1), 1]
          ]
        }
      ]
    };
    const claim = {
      id: 'v',
      claim: 'c',
      value: 2026,
      value_high: 2032,
      unit: 'year',
      as_of: '2024',
      scope: '',
      source: { title: 'Villalobos et al.', url: 'https://arxiv.org/abs/2211.04325', publisher: 'ICML 2024', kind: 'peer-reviewed' },
      status: 'sourced',
      panels: ['forecast.peak_data'],
      note: '',
      evidence: {
        panel: 'forecast.peak_data',
        label: '',
        value: 2029,
        unit: 'year',
        window: { from: '', to: '' },
        origin: 'measured',
        reading: ''
      }
    } satisfies Claim;
    const o = withAnnotations(chart, { info: { id: 'forecast.peak_data', unit: 'year' }, annotations: [], claims: [claim], style });
    expect(marksOf(o).markArea?.data).toMatchObject([
      [{ xAxis: Date.UTC(2026, 0, 1), name: 'ICML 2024 (2024): 2026–2032' }, { xAxis: Date.UTC(2033, 0, 1) }]
    ]);
  });
});

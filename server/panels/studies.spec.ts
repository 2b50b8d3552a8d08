import { describe, expect, it } from 'vitest';
import { panelInfos } from './catalogue';

describe('the studies behind each panel', () => {
  it('names in description and citations the studies every panel the simulator can fill is calibrated to', () => {
    const reachable = panelInfos().filter((p) =>
      (p.simulated_via ?? p.streams).some((s) => s === 'crawl' || s === 'market' || s === 'samples')
    );
    expect(reachable.length).toBeGreaterThan(10);
    for (const p of reachable) {
      const studies = (p.citations ?? []).filter((c) => c.kind === 'calibration');
      expect(studies.length, p.id).toBeGreaterThan(0);
      // The first author's name (or the publisher's) appears in the description too.
      for (const c of studies) expect(p.description, p.id).toContain((c.source.split(/[ ,(]/)[0] ?? '').trim());
    }
  });

  it('cites Shumailov et al. (Nature 2024) with its DOI on the collapse panels and says what sets their speed', () => {
    for (const id of ['diversity.by_generation', 'diversity.trend']) {
      const p = panelInfos().find((x) => x.id === id);
      expect(p?.citations).toContainEqual(
        expect.objectContaining({ url: 'https://doi.org/10.1038/s41586-024-07566-y', kind: 'calibration' })
      );
      expect(p?.description).toMatch(/temperature \(0\.95\) and the corpus size/);
    }
  });

  it('links every study a panel rests on to the work itself', () => {
    const studies = panelInfos().flatMap((p) => (p.citations ?? []).filter((c) => c.kind === 'calibration' || c.kind === 'method'));
    expect(studies.length).toBeGreaterThan(10);
    for (const c of studies) expect(c.url, c.source).toMatch(/^https:\/\//);
    const market = panelInfos().find((x) => x.id === 'market.postings_index');
    expect(market?.citations?.map((c) => c.url)).toEqual(
      expect.arrayContaining(['https://doi.org/10.1287/orsc.2023.18441', 'https://doi.org/10.1287/mnsc.2024.05420'])
    );
  });

  it('leaves the forecast panel citing the paper whose model it rebuilds, not a calibration', () => {
    const p = panelInfos().find((x) => x.id === 'forecast.peak_data');
    expect(p?.citations?.map((c) => c.kind)).toEqual(['method']);
    // The same page as the paper's curated event on that panel.
    expect(p?.citations?.[0]?.url).toBe('https://proceedings.mlr.press/v235/villalobos24a.html');
  });
});

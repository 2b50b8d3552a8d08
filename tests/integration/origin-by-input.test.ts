// A SIMULATE=on server, history backfilled: the figures computed from the simulator's rows are
// tagged simulated and those computed from published inputs are not, by the one shared rule
// (src/lib/shared/origin.ts) the pages, wall and report apply.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamsResponse } from '../../src/lib/contract/api';
import type { ForecastResponse } from '../../src/lib/contract/forecast';
import type { PanelInfo } from '../../src/lib/contract/panels';
import type { PanelRow } from '../../src/lib/contract/socket';
import { panelOrigin } from '../../src/lib/shared/origin';
import { startServer, type TestServer } from '../helpers/server';

let s: TestServer;

beforeAll(async () => {
  // A live tick an hour apart: the history alone is what the test reads.
  s = await startServer({ env: { SIMULATE: 'on' }, app: { simulateIntervalMs: 3_600_000 } });
  await s.app.startSimulation();
}, 600_000);

afterAll(async () => {
  await s?.close();
});

async function get<T>(path: string): Promise<T> {
  const res = await fetch(`${s.url}${path}`);
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}

describe('origin by input on a simulating server', () => {
  it('tags the live AI-share input simulated and leaves the published-input forecast published', async () => {
    const headline = await get<ForecastResponse>('/api/forecast?draws=2000');
    expect(headline.origin).toBe('published');
    expect(Object.entries(headline.assumptions).filter(([, a]) => a.origin === 'simulated')).toEqual([]);

    const live = await get<ForecastResponse>('/api/forecast?inputs=live&draws=2000');
    expect(live.assumptions.ai_share?.origin).toBe('simulated');
    expect(live.assumptions.ai_share?.source).toMatch(/^SIMULATED/);
    // Shown, not applied: the forecast itself rests on measured training runs and published inputs.
    expect(live.origin).toBe('measured');
    const applied = await get<ForecastResponse>('/api/forecast?inputs=live&ai_share=on&draws=2000');
    expect(applied.origin).toBe('simulated');
  });

  it('tags the crawl panels simulated and neither the forecast panel nor the published series', async () => {
    const streams = await get<StreamsResponse>('/api/streams');
    expect(streams.crawl.simulated_rows).toBeGreaterThan(0);
    const { panels } = await get<{ panels: PanelInfo[] }>('/api/panels');
    const originOf = async (id: string) => {
      const info = panels.find((p) => p.id === id);
      if (!info) throw new Error(`no panel ${id}`);
      const { rows } = await get<{ rows: PanelRow[] }>(`/api/panels/${id}`);
      return panelOrigin(info, rows, streams);
    };
    expect(await originOf('forecast.peak_data')).toBe('published');
    expect(await originOf('provenance.ai_share')).toBe('simulated');
    expect(await originOf('provenance.marker_words')).toBe('measured');
    expect(await originOf('training.dataset_sizes')).toBe('published');
  });

  it(
    'lists the crawl panels among the report’s simulated figures, and neither the forecast nor its headline',
    { timeout: 300_000 },
    async () => {
      const res = await fetch(`${s.url}/api/report`);
      expect(res.status).toBe(200);
      const html = await res.text();
      const cell = /<td id="simulated-figures">([\s\S]*?)<\/td>/.exec(html)?.[1] ?? '';
      expect(cell).toMatch(/^Figures that include rows written by the simulator/);
      expect(cell).toContain('href="#provenance.ai_share"');
      expect(cell).not.toContain('href="#forecast.peak_data"');
      expect(cell).not.toContain('Peak data: median year');
      expect(cell).not.toContain('The forecast');
      // The forecast's own section carries no simulated tag either.
      const heading = /<h3>[^<]*<span class="id">forecast\.peak_data<\/span>(.*?)<\/h3>/.exec(html);
      expect(heading).not.toBeNull();
      expect(heading?.[1]).not.toContain('data-simulated');
    }
  );
});

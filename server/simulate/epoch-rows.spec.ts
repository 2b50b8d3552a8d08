// The live historical projection over Epoch AI's own rows, as the server seeds them, against the
// published branch: the same models at the same sizes give the same forecast within the
// bootstrap's noise, so a difference on screen comes from new data, not from the method.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { forecastQuerySchema } from '../../src/lib/contract/forecast';
import { projectRoot } from '../paths';
import { EPOCH_SEED_FILE, PAPER_POINTS, readEpochDatasetSizes } from './training-seed';
import { readEpochDatasetSizes as readPublishedRows } from '../forecast/epoch-trend';
import { computeLiveDefaults } from '../forecast/live-defaults';
import { runForecastRequest } from '../forecast/request';

const seeded = readEpochDatasetSizes(readFileSync(join(projectRoot(), EPOCH_SEED_FILE), 'utf8')).runs;
const liveRuns = [...seeded, ...PAPER_POINTS]
  .filter((r) => r.published >= '2010-01-01')
  .map((r) => ({
    model: r.model,
    published: Date.parse(`${r.published}T00:00:00Z`),
    training_tokens: r.training_tokens,
    compute_flop: r.compute_flop,
    source: r.source
  }));
const noCrawl = { from: '2025-12-07', to: '2026-12-06', human: 0, ai: 0, mixed: 0, unknown: 0, simulated: null };

describe('Epoch AI rows in training_runs', () => {
  it('hold the token counts the published branch fits: words x 4/5, not words / 0.8', () => {
    const published = readPublishedRows()
      .tokens.map((p) => p.log10)
      .sort((a, b) => a - b);
    const live = seeded
      .filter((r) => r.published > '2010-01-01')
      .map((r) => Math.log10(r.training_tokens))
      .sort((a, b) => a - b);
    expect(live).toHaveLength(published.length);
    live.forEach((v, i) => expect(v).toBeCloseTo(published[i] as number, 9));
  });
});

describe('the live historical projection', () => {
  it('projects the largest run as the published branch does: p10 within half a year, few draws already crossed', () => {
    const d = computeLiveDefaults({ runs: liveRuns, crawl: noCrawl }, '2026-12-06');
    const run = (inputs: string) => {
      const r = runForecastRequest(d, forecastQuerySchema.parse({ branch: 'historical', inputs, draws: '20000' }));
      if (!r.ok) throw new Error(r.message);
      return r.response;
    };
    const published = run('published');
    const live = run('live');
    expect(Math.abs((live.exhaustion.p10_year ?? NaN) - (published.exhaustion.p10_year ?? NaN))).toBeLessThan(0.5);
    expect(Math.abs((live.exhaustion.median_year ?? NaN) - (published.exhaustion.median_year ?? NaN))).toBeLessThan(0.5);
    // A random frontier run (the line plus its 1.1-OOM scatter) put a fifth of the draws here.
    expect(live.outcomes.already / live.draws).toBeLessThan(published.outcomes.already / published.draws + 0.03);
  });
});

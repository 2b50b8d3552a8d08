// Claims beside evidence on a real server and engine: the curated file's sources, and the
// readings the market panels give from postings sent through the real ingest.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Claim, ClaimsResponse } from '../../src/lib/contract/claims';
import { startServer, type TestServer } from '../helpers/server';

let s: TestServer;

beforeAll(async () => {
  s = await startServer();
});
afterAll(async () => {
  await s.close();
});

async function claims(): Promise<Map<string, Claim>> {
  const r = await fetch(`${s.url}/api/claims`);
  expect(r.status).toBe(200);
  return new Map(((await r.json()) as ClaimsResponse).claims.map((c) => [c.id, c]));
}

async function ingestMarket(rows: object[]): Promise<void> {
  const r = await fetch(`${s.url}/api/ingest/market`, { method: 'POST', body: rows.map((x) => JSON.stringify(x)).join('\n') + '\n' });
  expect(r.status, await r.clone().text()).toBe(200);
}

describe('curated claims', () => {
  it('include Demirci et al. 2025 with its DOI and the finding its abstract states, and the named sources', async () => {
    const all = await claims();
    expect(all.get('demirci-2025-freelance-posts')).toMatchObject({
      status: 'sourced',
      value: -21,
      unit: '%',
      source: { url: 'https://doi.org/10.1287/mnsc.2024.05420', kind: 'peer-reviewed' },
      panels: ['market.postings_index']
    });
    const titles = [...all.values()].map((c) => c.source.title).join('\n');
    for (const name of ['Graphite', 'Villalobos', 'Shumailov', 'Hui', 'Demirci', 'Kobak']) expect(titles).toContain(name);
    // Every claim that names a source's status as sourced or secondary links to it.
    for (const c of all.values()) if (c.status !== 'unsourced') expect(c.source.url, c.id).toMatch(/^https:\/\//);
  });
});

describe('evidence from the market panels', () => {
  const DAY = 86_400_000;
  // Before ChatGPT: the same number of postings per category, on the same first day, so each
  // category's baseline rate is the same; now: writing and coding at half of "other".
  const before = Date.UTC(2022, 5, 1, 12);
  const now = Date.now() - 60_000;
  let id = 0;
  const posting = (ts: number, category: string, budget: number) => ({
    ts: new Date(ts).toISOString(),
    platform: 'test',
    category,
    posting_id: `p${++id}`,
    budget_usd: budget,
    hourly: false
  });

  beforeAll(async () => {
    const rows: object[] = [];
    for (const category of ['writing', 'coding', 'other']) {
      for (let i = 0; i < 40; i++) rows.push(posting(before + (i % 2) * 30 * DAY, category, 100));
      for (let i = 0; i < (category === 'other' ? 40 : 20); i++) rows.push(posting(now, category, 80));
    }
    await ingestMarket(rows);
  });

  it('set automation-prone postings against manual-intensive ones for Demirci et al.', async () => {
    const ev = (await claims()).get('demirci-2025-freelance-posts')?.evidence;
    expect(ev).toMatchObject({ panel: 'market.postings_index', unit: '%', origin: 'measured' });
    // Writing and coding at half the rate of "other", against equal baselines: -50%.
    expect(ev?.reading).toContain('writing and coding postings together at -50% against manual-intensive');
    expect(ev?.reading).toContain('difference-in-differences');
  });

  it('read writing budgets against their pre-ChatGPT mean for Hui et al., and say a budget is not earnings', async () => {
    const ev = (await claims()).get('hui-2024-writers-earnings')?.evidence;
    expect(ev).toMatchObject({ panel: 'market.rates', unit: '%', origin: 'measured' });
    // $80 against $100, read from 4.7%-wide histogram bins: -20% within a bin.
    expect(ev?.value).toBeGreaterThan(-25);
    expect(ev?.value).toBeLessThan(-15);
    expect(ev?.reading).toContain('not what a freelancer earns');
  });

  it('keep the survey reading to what postings can say about firms and freelancers', async () => {
    const ev = (await claims()).get('survey-2026-writing-decline')?.evidence;
    expect(ev?.panel).toBe('market.postings_index');
    expect(ev?.reading).toContain("neither confirms nor refutes the survey's percentages");
  });
});

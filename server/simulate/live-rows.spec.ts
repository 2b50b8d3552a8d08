import { describe, expect, it } from 'vitest';
import { createRng } from '../lib/random';
import { aiShareArticles, postingsFactor } from './curves';
import { domainPool } from './domains';
import { crawlRow, marketRow, toNdjson } from './live-rows';
import { ms } from './targets';

describe('live rows', () => {
  const t = ms('2025-05-15');

  it('draw crawl provenance from the calibrated curve at their time', () => {
    const rng = createRng(11);
    const pool = domainPool();
    let articles = 0;
    let ai = 0;
    for (let i = 0; i < 40_000; i++) {
      const r = crawlRow(rng, t, pool);
      if (r.content_type !== 'article') continue;
      articles++;
      if (r.provenance === 'ai') ai++;
    }
    expect(Math.abs(ai / articles - aiShareArticles(t))).toBeLessThan(0.015);
  });

  it('keep crawl fields inside their domains', () => {
    const rng = createRng(12);
    const pool = domainPool();
    for (let i = 0; i < 2000; i++) {
      const r = crawlRow(rng, t, pool);
      expect(r.url.startsWith(`https://${r.domain}/`)).toBe(true);
      expect(pool.names).toContain(r.domain);
      expect(r.tokens).toBeGreaterThanOrEqual(20);
      if (r.ai_score !== undefined) expect(r.ai_score).toBeGreaterThanOrEqual(0);
      if (r.ai_score !== undefined) expect(r.ai_score).toBeLessThanOrEqual(1);
      expect(r.detector === 'none').toBe(r.ai_score === undefined);
      if (r.published_at !== undefined) expect(r.published_at).toBeLessThanOrEqual(t);
      expect(BigInt(r.simhash)).toBeLessThan(2n ** 64n);
    }
  });

  it('mix market categories by their posting curves', () => {
    const rng = createRng(13);
    const n = 40_000;
    let writing = 0;
    let coding = 0;
    for (let i = 0; i < n; i++) {
      const c = marketRow(rng, t).category;
      if (c === 'writing') writing++;
      if (c === 'coding') coding++;
    }
    // Baseline weights 0.18 and 0.30, scaled by their 2025 factors (0.70 and 0.79).
    const expected = (0.18 * postingsFactor('writing', t)) / (0.3 * postingsFactor('coding', t));
    expect(Math.abs(writing / coding - expected) / expected).toBeLessThan(0.05);
  });

  it('serialize as one JSON object a line', () => {
    const body = toNdjson([{ a: 1 }, { b: 'x' }]).toString('utf8');
    expect(body).toBe('{"a":1}\n{"b":"x"}\n');
  });
});

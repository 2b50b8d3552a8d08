import { describe, expect, it } from 'vitest';
import { BATCH_ROWS, ImportRowError, planBatches } from './plan';

const SHA = 'ab'.repeat(32);
const row = (i: number, over: Record<string, unknown> = {}) => ({
  json: JSON.stringify({ ts: 1_735_689_600_000 + i, platform: 'upwork', category: 'writing', posting_id: `p${i}`, ...over }),
  where: `line ${i + 2}`
});

describe('planBatches', () => {
  it('cuts rows into batches keyed by file hash and batch number', () => {
    const rows = Array.from({ length: BATCH_ROWS + 5 }, (_, i) => row(i));
    const batches = planBatches('market', rows, SHA);
    expect(batches.map((b) => b.rows)).toEqual([BATCH_ROWS, 5]);
    expect(batches[0]?.key).toBe(`import-v1-market-${SHA.slice(0, 32)}-${BATCH_ROWS}-1`);
    expect(batches[1]?.key).toBe(`import-v1-market-${SHA.slice(0, 32)}-${BATCH_ROWS}-2`);
    // The same rows give the same bodies: a re-run is a retry, not new data.
    expect(planBatches('market', rows, SHA)).toEqual(batches);
  });

  it('refuses the whole file at the first bad row and says where it is', () => {
    const rows = [row(0), row(1), row(2, { category: 'poetry' }), row(3)];
    expect(() => planBatches('market', rows, SHA)).toThrow(ImportRowError);
    try {
      planBatches('market', rows, SHA);
    } catch (e) {
      expect(e).toMatchObject({ where: 'line 4', field: 'category' });
      expect((e as Error).message).toMatch(/^line 4: category must be one of/);
    }
  });
});

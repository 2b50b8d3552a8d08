// The curated claims shipped with the product (clickhouse/seed/claims/claims.json), loaded on every
// start; a claim whose text, source or status changed in the file replaces the stored one.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Engine } from '../engine/engine';
import { RowError } from '../ingest/rows/fields';
import { projectRoot } from '../paths';
import { syncClaims } from './store';
import { checkClaim, type ClaimInput } from './validate';

const CURATED_CLAIMS = join(projectRoot(), 'clickhouse', 'seed', 'claims', 'claims.json');

async function readCuratedClaims(path = CURATED_CLAIMS): Promise<ClaimInput[]> {
  const list: unknown = JSON.parse(await readFile(path, 'utf8'));
  if (!Array.isArray(list)) throw new Error(`${path}: expected a JSON array of claims`);
  return list.map((v, i) => {
    try {
      return checkClaim(v);
    } catch (e) {
      if (e instanceof RowError) throw new Error(`${path}: entry ${i + 1}: ${e.field}: ${e.message}`);
      throw e;
    }
  });
}

export async function loadCuratedClaims(engine: Engine, now: number, path = CURATED_CLAIMS): Promise<number> {
  return syncClaims(engine, await readCuratedClaims(path), now);
}

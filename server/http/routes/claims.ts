import { createHash } from 'node:crypto';
import type { Claim, ClaimsResponse } from '../../../src/lib/contract/claims';
import { evidenceFor } from '../../claims/evidence';
import { listClaims, writeClaims } from '../../claims/store';
import { checkClaim, type ClaimInput } from '../../claims/validate';
import { checkUtf8 } from '../../ingest/batch';
import { BatchError } from '../../ingest/batch-error';
import { RowError } from '../../ingest/rows/fields';
import { IdempotencyConflict, priorRequest, recordRequest } from '../../ingest/requests';
import { readBody } from '../body';
import { badRequest, HttpError } from '../errors';
import { checkQuery } from '../query';
import { json } from '../respond';
import type { Router } from '../router';
import { authorizeAnnotate } from './annotations';
import { requireRead, type ApiDeps } from './context';
import { idempotencyKeyOf } from './ingest';

const MAX_BYTES = 4 * 1024 * 1024;

function parseClaims(body: Buffer): ClaimInput[] {
  checkUtf8(body);
  const out: ClaimInput[] = [];
  const lines = body.toString('utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    if (line === '') continue;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (e) {
      throw new BatchError(`line ${i + 1}: not valid JSON (${(e as Error).message})`, i + 1, undefined);
    }
    try {
      out.push(checkClaim(v));
    } catch (e) {
      if (e instanceof RowError) throw new BatchError(`line ${i + 1}: ${e.message}`, i + 1, e.field || undefined);
      throw e;
    }
  }
  if (out.length === 0) throw new BatchError('the body has no rows: send one JSON object per line', undefined, undefined);
  return out;
}

/** GET /api/claims (each with the observatory's evidence) and POST /api/ingest/claims. */
export function registerClaimRoutes(router: Router, deps: ApiDeps): void {
  router.add('GET', '/api/claims', async (req, res, { url }) => {
    requireRead(deps, req, url);
    checkQuery(url, {});
    const now = Date.now();
    // Claims about the same quantity share a panel: each panel is read once per request, and the
    // panels at the same time.
    const evidence = { engine: deps.engine, now, simulated: deps.simulated, reads: new Map() };
    const claims: Claim[] = await Promise.all(
      (await listClaims(deps.engine)).map(async (c) => ({ ...c, evidence: await evidenceFor(c, evidence) }))
    );
    json(res, 200, { claims } satisfies ClaimsResponse);
  });

  router.add('POST', '/api/ingest/claims', async (req, res) => {
    authorizeAnnotate(req, deps);
    const key = idempotencyKeyOf(req);
    const body = await readBody(req, MAX_BYTES);
    try {
      const claims = parseClaims(body);
      const hash = createHash('sha256').update(body).digest('hex');
      if (key !== undefined) {
        const prior = await priorRequest(deps.engine, 'claims', key, hash);
        if (prior !== null) return json(res, 200, { accepted: prior, stream: 'claims', replayed: true });
      }
      const token = key !== undefined ? createHash('sha256').update(`claims\n${key}`).digest('hex') : undefined;
      await writeClaims(deps.engine, claims, 'ingest', Date.now(), token);
      if (key !== undefined) await recordRequest(deps.engine, 'claims', key, hash, claims.length);
      json(res, 200, { accepted: claims.length, stream: 'claims' });
    } catch (e) {
      if (e instanceof BatchError) {
        throw badRequest(e.message, {
          ...(e.line !== undefined ? { line: e.line } : {}),
          ...(e.field !== undefined ? { field: e.field } : {})
        });
      }
      if (e instanceof IdempotencyConflict) throw new HttpError(422, { error: e.message, field: 'Idempotency-Key' });
      throw e;
    }
  });
}

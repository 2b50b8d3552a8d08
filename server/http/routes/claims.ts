import { createHash } from 'node:crypto';
import type { Claim, ClaimsResponse } from '../../../src/lib/contract/claims';
import { evidenceFor } from '../../claims/evidence';
import { listClaims, writeClaims } from '../../claims/store';
import { checkClaim } from '../../claims/validate';
import { parseObjectLines } from '../../ingest/object-lines';
import { priorRequest, recordRequest } from '../../ingest/requests';
import { checkQuery } from '../query';
import { json } from '../respond';
import type { Router } from '../router';
import { authorizeAnnotate } from './annotations';
import { requireRead, type ApiDeps } from './context';
import { ingestSideStream } from './ingest';

const MAX_BYTES = 4 * 1024 * 1024;

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
    await ingestSideStream(req, res, {
      stream: 'claims',
      maxBytes: MAX_BYTES,
      async write(body, key) {
        const claims = parseObjectLines(body, (v) => checkClaim(v));
        const hash = createHash('sha256').update(body).digest('hex');
        if (key !== undefined) {
          const prior = await priorRequest(deps.engine, 'claims', key, hash);
          if (prior !== null) return { accepted: prior, replayed: true };
        }
        const token = key !== undefined ? createHash('sha256').update(`claims\n${key}`).digest('hex') : undefined;
        await writeClaims(deps.engine, claims, 'ingest', Date.now(), token);
        if (key !== undefined) await recordRequest(deps.engine, 'claims', key, hash, claims.length);
        return { accepted: claims.length };
      }
    });
  });
}

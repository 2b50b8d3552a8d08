import type { IncomingMessage } from 'node:http';
import type { FleetHealth } from '../../../src/lib/contract/api';
import type { Stream } from '../../../src/lib/contract/streams';
import type { AnnotationStore } from '../../annotations/store';
import type { Config } from '../../config';
import type { Engine } from '../../engine/engine';
import type { ProcessGuard } from '../../guard';
import type { IngestPipeline } from '../../ingest/pipeline';
import type { Hub } from '../../live/hub';
import type { Logger } from '../../log';
import type { Metrics } from '../../metrics/metrics';
import type { Admission } from '../admission';
import { bearer, tokenMatches } from '../../lib/auth';
import { HttpError } from '../errors';

/** What route modules may use. Each module registers its routes on the router and nothing else. */
export interface ApiDeps {
  config: Pick<Config, 'ingestToken' | 'readToken' | 'annotateToken' | 'detectorUrl'>;
  annotations: AnnotationStore;
  engine: Engine;
  ingest: IngestPipeline;
  /** Bounds ingest bodies and bytes held at once. */
  admission: Admission;
  hub: Hub;
  metrics: Metrics;
  /** In fleet mode, this server's membership; health reports whether Redis answers. */
  fleet?: { health(): FleetHealth };
  /**
   * The client's address: the TCP peer, or the address a trusted proxy (TRUST_PROXY) names in
   * X-Forwarded-For. Per-address limits, loopback-only writes and logs use it.
   */
  clientOf(req: IncomingMessage): string;
  /** Errors that reached the top of the process; health reports them. */
  guard: ProcessGuard;
  log: Logger;
  startedAt: number;
  version: string;
  /** The engine's own version (version()) and the cluster migrations run on, if any. */
  engineInfo: { version: string; cluster: string | null };
  /** What a start is still loading ('history', 'published'); empty once it is all in. */
  filling: ReadonlySet<string>;
  /** Streams holding rows the simulator wrote (kept by the app as it writes them). */
  simulated: ReadonlySet<Stream>;
}

/** Read endpoints need READ_TOKEN when it is set: as a bearer header, or ?access_token= for links. */
export function requireRead(deps: ApiDeps, req: IncomingMessage, url: URL): void {
  if (!deps.config.readToken) return;
  const given = bearer(req) ?? url.searchParams.get('access_token') ?? undefined;
  if (given === undefined || !tokenMatches(given, deps.config.readToken)) {
    throw new HttpError(
      401,
      { error: 'this server needs a read token: Authorization: Bearer <READ_TOKEN> or ?access_token=' },
      { 'www-authenticate': 'Bearer' }
    );
  }
}

import type { Server as HttpServer, IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { loadCuratedEvents } from './annotations/curated';
import { AnnotationFeed } from './annotations/feed';
import { followPeerAnnotations } from './annotations/peers';
import { AnnotationStore } from './annotations/store';
import { loadCuratedClaims } from './claims/curated';
import type { Config } from './config';
import { openEngine, type Engine } from './engine/engine';
import { migrate } from './engine/migrations';
import { Admission, type AdmissionLimits } from './http/admission';
import { createApi } from './http/api';
import { IngestPipeline } from './ingest/pipeline';
import { refreshDiversityResults } from './panels/domains/diversity-results';
import { Hub, type HubOptions } from './live/hub';
import { attachAnnotationFeed } from './live/annotations';
import { attachSockets, type SocketLimits } from './live/sockets';
import { ProcessGuard } from './guard';
import type { Timers } from './lib/clock';
import { clientAddress, proxyTrust } from './lib/client-address';
import { outsideRequest } from './lib/request-id';
import type { Logger } from './log';
import { createMetrics, type Metrics } from './metrics/metrics';
import { loadPublishedSeries, type PublishedLoad } from './seed/published';
import { seedMissingTrainingRuns } from './simulate/training-seed';
import { projectRoot } from './paths';
import type { Stream } from '../src/lib/contract/streams';
import { simulatedStreams } from './ingest/stats';
import type { Fleet, FleetOptions } from './fleet/fleet';

export interface AppOptions {
  log: Logger;
  version: string;
  hub?: HubOptions;
  socketLimits?: Partial<SocketLimits>;
  /** Ingest bodies and bytes in flight at once; see server/http/admission.ts. */
  admission?: Partial<AdmissionLimits>;
  /** Timers measuring ingest bodies' windows (the stall cut); tests inject a manual clock. */
  admissionTimers?: Timers;
  /** The clock the engine's state reads (how long a data fault is reported); tests inject one. */
  engineNow?: () => number;
  /** Live simulator tick; tests shorten it. @default 1000 */
  simulateIntervalMs?: number;
  /** Fleet settings other than REDIS_URL (lease time, key prefix); tests shorten them. */
  fleet?: Partial<Pick<FleetOptions, 'leaseMs' | 'prefix' | 'connectWaitMs'>>;
}

export interface App {
  config: Config;
  engine: Engine;
  hub: Hub;
  ingest: IngestPipeline;
  /** Annotations (versioned) and their live feed to screens. */
  annotations: AnnotationStore;
  annotationFeed: AnnotationFeed;
  /** Ingest bodies and bytes in flight, bounded. */
  admission: Admission;
  metrics: Metrics;
  /** This server's membership of a fleet; null without REDIS_URL. */
  fleet: Fleet | null;
  /** Records errors that reach the top of the process; the production entry installs it on the process. */
  guard: ProcessGuard;
  /** Answers /api/* and /metrics; resolves false for anything else. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /**
   * Attaches socket.io to the HTTP server that serves the pages. Attaching again (Vite restarts
   * its server when the config changes) moves the sockets to the new server.
   */
  attach(http: HttpServer): void;
  /**
   * Loads the published series the project ships (every start, whatever SIMULATE says: they are
   * real; a file already in is not written again). Resolves with what each file gave.
   */
  loadPublished(): Promise<PublishedLoad[]>;
  /** Backfills history when asked or when the database is empty, then streams live rows. */
  startSimulation(): Promise<void>;
  /** Stops the simulator and the hub, finishes in-flight inserts, closes sockets and the engine. */
  close(): Promise<void>;
}

/**
 * Builds the server's parts in order: engine, migrations, ingest, hub, API. One engine and one
 * hub per process, whatever serves the HTTP (Vite in dev, Node's http in production).
 */
export async function createApp(config: Config, opts: AppOptions): Promise<App> {
  const { log } = opts;
  const startedAt = Date.now();
  const engine = await openEngine(config, opts.engineNow ? { now: opts.engineNow } : {});
  try {
    const { applied } = await migrate(engine, join(projectRoot(), 'clickhouse', 'migrations'), config.clickhouseCluster);
    if (applied.length > 0) log.info('migrations applied', { applied });
  } catch (e) {
    await engine.close();
    throw e;
  }
  // Health names the engine it runs on: a server's version and the cluster, read once at start.
  const engineInfo = { version: await engine.version(), cluster: config.clickhouseCluster ?? null };
  const metrics = createMetrics();
  const guard = new ProcessGuard(log, metrics.uncaughtErrors);
  // Fleet mode only with REDIS_URL: loaded then, so a single server never loads the Redis client.
  const fleet = config.redisUrl
    ? await (
        await import('./fleet/fleet')
      ).Fleet.open({
        url: config.redisUrl,
        log,
        registry: metrics.registry,
        ...opts.fleet,
        ...(opts.hub?.now ? { now: opts.hub.now } : {}),
        ...(opts.hub?.timers ? { timers: opts.hub.timers } : {})
      })
    : null;
  const hub = new Hub(engine, log, metrics, { ...opts.hub, ...(fleet ? { fleet } : {}) });
  // Every write (HTTP, simulator) passes here once it is on disk: count it and refresh its panels.
  // Streams holding rows the simulator wrote: read once here, then kept in memory so /api/health
  // answers without the engine. Only grows: simulated rows stay until the database is emptied.
  const simulated = new Set<Stream>(await simulatedStreams(engine));
  // The diversity panels' answers change only when samples arrive: stored as they do.
  const afterInsert = async (stream: Stream): Promise<void> => {
    if (stream !== 'samples') return;
    await refreshDiversityResults(engine, 'ingest.samples diversity').catch((e: unknown) =>
      log.warn('diversity answers not stored after a samples insert; the next read computes them', { error: (e as Error).message })
    );
  };
  const ingest = new IngestPipeline(
    engine,
    (stream, rows, _maxTime, origin) => {
      metrics.ingestedRows.inc({ stream }, rows);
      if (origin === 'simulator') simulated.add(stream);
      // The refresh this arms serves every watcher, not the request that wrote: no request id.
      outsideRequest(() => hub.markDirty(stream));
    },
    afterInsert
  );
  const admission = new Admission(opts.admission, opts.admissionTimers);
  // Annotations and claims: small tables, the curated files loaded on every start (each entry
  // written again only when the file changed it), then the live set every screen receives.
  const now = opts.hub?.now ?? Date.now;
  const annotationFeed = new AnnotationFeed();
  const annotations = new AnnotationStore(engine, now, (change) => {
    annotationFeed.apply(change);
    // In a fleet, the other servers' screens get the change too: peers read the ids again.
    fleet?.annotationsChanged([...change.upserts.map((a) => a.id), ...change.removed]);
  });
  const peerAnnotations = fleet
    ? followPeerAnnotations(annotations, annotationFeed, (e) =>
        log.warn('annotations a peer changed could not be read', { error: (e as Error).message })
      )
    : null;
  if (peerAnnotations) fleet?.onAnnotations((ids) => peerAnnotations.changed(ids));
  try {
    const events = await loadCuratedEvents(annotations);
    const claims = await loadCuratedClaims(engine, now());
    if (events + claims > 0) log.info('curated annotations and claims loaded', { events, claims });
    annotationFeed.reset(await annotations.list());
  } catch (e) {
    await engine.close();
    throw e;
  }
  // Behind a load balancer (TRUST_PROXY): the client it names, for HTTP requests and socket handshakes alike.
  const trust = config.trustProxy.length > 0 ? proxyTrust(config.trustProxy) : null;
  // What a start is still loading; /api/health says so, and panels show it instead of "no data".
  const filling = new Set<string>();
  const api = createApi({
    config,
    engine,
    ingest,
    admission,
    hub,
    annotations,
    metrics,
    guard,
    ...(fleet ? { fleet } : {}),
    clientOf: (req) => clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], trust),
    log,
    startedAt,
    version: opts.version,
    engineInfo,
    filling,
    simulated
  });
  let sockets: ReturnType<typeof attachSockets> | null = null;
  let stopAnnotationFeed: (() => void) | null = null;
  let simulator: { stop(): Promise<void> } | null = null;
  let closed = false;
  // The history backfill under way, if any: close() waits for it, since the embedded engine
  // cannot be torn down (nor the process exit) while one of its queries still runs.
  let history: Promise<unknown> | null = null;
  hub.start();

  return {
    config,
    engine,
    hub,
    ingest,
    annotations,
    annotationFeed,
    admission,
    metrics,
    fleet,
    guard,
    handle: api,
    attach(http) {
      void sockets?.close();
      const attached = attachSockets(http, hub, {
        readToken: config.readToken,
        trust,
        log,
        metrics,
        // SOCKETS_PER_ADDRESS, unless the caller sets the limits itself.
        limits: { maxConnectionsPerAddress: config.socketsPerAddress, ...opts.socketLimits },
        // One clock for the live layer: the hub's, when a test injects one.
        ...(opts.hub?.now ? { now: opts.hub.now } : {}),
        ...(opts.hub?.timers ? { timers: opts.hub.timers } : {}),
        ...(fleet ? { adapter: fleet.adapter(), addressCap: fleet.addresses } : {})
      });
      sockets = attached;
      fleet?.bind(attached.io, hub);
      stopAnnotationFeed?.();
      stopAnnotationFeed = attachAnnotationFeed(attached.io, annotationFeed);
    },
    async loadPublished() {
      filling.add('published');
      try {
        const loads = await loadPublishedSeries(ingest);
        log.info('published series loaded', { files: loads.map((l) => `${l.file}: ${l.rows} rows, ${l.imported} new`) });
        const runs = await seedMissingTrainingRuns(engine);
        if (runs > 0) {
          log.info("Epoch AI's training runs loaded", { rows: runs });
          hub.markDirty('training');
        }
        return loads;
      } finally {
        filling.delete('published');
      }
    },
    async startSimulation() {
      if (config.simulate === 'off') return;
      const [row] = await engine.rows<{ n: number }>('SELECT count() AS n FROM crawl_documents', { tag: 'simulate.empty' });
      const empty = Number(row?.n ?? 0) === 0;
      if (config.simulate === 'auto' && !empty) {
        log.info('simulator off: the database already has data (SIMULATE=on forces it)');
        return;
      }
      // Loaded only when simulating: a production server fed by real producers never needs it.
      const { simulateHistory, startLiveSimulator } = await import('./simulate');
      if (empty) {
        filling.add('history');
        try {
          // Screens' first answers go before each backfill statement (Hub.readsFirst).
          history = simulateHistory(engine, log, { turn: () => hub.readsFirst() });
          await history;
        } finally {
          filling.delete('history');
        }
        // History is written in SQL, not through the pipeline: read which streams it filled.
        for (const s of await simulatedStreams(engine)) simulated.add(s);
        hub.markDirty('crawl');
        hub.markDirty('market');
        hub.markDirty('samples');
        hub.markDirty('training');
      }
      if (closed) return;
      simulator = startLiveSimulator({
        write: async (stream, ndjson) => {
          await ingest.write(stream, ndjson, { source: 'simulator', origin: 'simulator' });
        },
        intervalMs: opts.simulateIntervalMs ?? 1000,
        log
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      await simulator?.stop();
      await history?.catch(() => undefined);
      await ingest.drain();
      await hub.stop();
      stopAnnotationFeed?.();
      await sockets?.close();
      await fleet?.close();
      // No notice arrives after the fleet closed; a read still under way ends before the engine.
      await peerAnnotations?.idle();
      await engine.close();
    }
  };
}

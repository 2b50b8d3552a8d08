import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The server's Prometheus metrics, in a registry of its own (not prom-client's global one) so
 * that several servers in one test process do not share counters.
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'pdo_process_' });
  return {
    registry,
    ingestedRows: new Counter({
      name: 'pdo_ingested_rows_total',
      help: 'Rows accepted by ingest, by stream.',
      labelNames: ['stream'] as const,
      registers: [registry]
    }),
    ingestRequests: new Counter({
      name: 'pdo_ingest_requests_total',
      help: 'Ingest requests by stream and HTTP status.',
      labelNames: ['stream', 'status'] as const,
      registers: [registry]
    }),
    panelQueries: new Counter({
      name: 'pdo_panel_queries_total',
      help: 'Queries run for panels (live and REST), by panel.',
      labelNames: ['panel'] as const,
      registers: [registry]
    }),
    liveQueries: new Counter({
      name: 'pdo_live_queries_total',
      help: "Live panel queries this server's hub ran. In a fleet, only the views whose lease it holds; the others' results come from peers (pdo_fleet_results_received_total).",
      registers: [registry]
    }),
    panelQueryErrors: new Counter({
      name: 'pdo_panel_query_errors_total',
      help: 'Panel queries that failed, by panel.',
      labelNames: ['panel'] as const,
      registers: [registry]
    }),
    uncaughtErrors: new Counter({
      name: 'pdo_uncaught_errors_total',
      help: 'Errors that reached the top of the process and were survived, by kind (exception, rejection) and class (io, bug); see server/guard.ts.',
      labelNames: ['kind', 'class'] as const,
      registers: [registry]
    }),
    socketClients: new Gauge({ name: 'pdo_socket_clients', help: 'Connected socket.io clients.', registers: [registry] }),
    subscriptions: new Gauge({
      name: 'pdo_subscriptions',
      help: 'Distinct live subscription keys (panel + filters).',
      registers: [registry]
    }),
    liveChanges: new Counter({
      name: 'pdo_live_changes_total',
      help: 'Changed live results, by the form they went to subscribers that take deltas: delta, or snapshot (first result, or splices no smaller than the rows).',
      labelNames: ['form'] as const,
      registers: [registry]
    }),
    liveSentMessages: new Counter({
      name: 'pdo_live_sent_messages_total',
      help: 'Live results written to sockets, one per socket (each result of a panel:batch counted), by kind: snapshot (the whole rows, panel:data) or delta (panel:delta). Counted once per broadcast, times its sockets.',
      labelNames: ['kind'] as const,
      registers: [registry]
    }),
    liveSentBytes: new Counter({
      name: 'pdo_live_sent_bytes_total',
      help: 'Bytes of the live results written to sockets (the socket.io packet text, each socket counted), by kind: snapshot or delta; the frame of a panel:batch counts to the kind of its first result. Divided by pdo_live_sent_messages_total: bytes per push.',
      labelNames: ['kind'] as const,
      registers: [registry]
    }),
    tickSeconds: new Histogram({
      name: 'pdo_tick_seconds',
      help: 'Duration of one live refresh tick: every due query run and its result pushed.',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry]
    }),
    queriesPerTick: new Histogram({
      name: 'pdo_queries_per_tick',
      help: 'Panel queries run in one live tick.',
      buckets: [0, 1, 2, 5, 10, 20, 50, 100, 200],
      registers: [registry]
    })
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

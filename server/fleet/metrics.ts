import { Counter, Gauge, type Registry } from 'prom-client';

/**
 * The fleet's Prometheus metrics, added to the server's registry only in fleet mode: a single
 * server shows none of them.
 */
export function createFleetMetrics(registry: Registry) {
  const registers = [registry];
  return {
    redisUp: new Gauge({
      name: 'pdo_fleet_redis_up',
      help: '1 while this server reaches Redis (leases, change notices, shared results); 0: it runs every view alone.',
      registers
    }),
    leasesHeld: new Gauge({
      name: 'pdo_fleet_leases_held',
      help: 'View leases this server holds: the views whose query it runs for the whole fleet.',
      registers
    }),
    claims: new Counter({
      name: 'pdo_fleet_claims_total',
      help: 'Due views this server asked to run, by outcome: mine (it holds the lease), peer (a peer runs it), alone (Redis unreachable, run here).',
      labelNames: ['outcome'] as const,
      registers
    }),
    resultsShared: new Counter({
      name: 'pdo_fleet_results_shared_total',
      help: 'Results of queries this server ran, sent to peers, by form: rows (changed) or unchanged.',
      labelNames: ['form'] as const,
      registers
    }),
    resultsReceived: new Counter({
      name: 'pdo_fleet_results_received_total',
      help: 'Results received from the peer holding a view, by form: rows (changed), unchanged, or stored (read from Redis for a newcomer).',
      labelNames: ['form'] as const,
      registers
    }),
    notices: new Counter({
      name: 'pdo_fleet_notices_total',
      help: 'Change notices, by direction (sent to peers or received from them) and kind: rows (written to a stream) or annotations (created, edited, deleted).',
      labelNames: ['direction', 'kind'] as const,
      registers
    }),
    leaseCalls: new Counter({
      name: 'pdo_fleet_lease_calls_total',
      help: 'Lease round trips to Redis, by mode: take (a claim for due views whose holder this server does not know), renew, release.',
      labelNames: ['mode'] as const,
      registers
    }),
    redisErrors: new Counter({
      name: 'pdo_fleet_redis_errors_total',
      help: 'Redis commands that failed or timed out; each fell back to running alone.',
      registers
    })
  };
}

export type FleetMetrics = ReturnType<typeof createFleetMetrics>;

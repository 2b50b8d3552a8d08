// The fleet section of docs/PERFORMANCE.md, from `npm run bench -- fleet` (bench/fleet.ts).

import { BUDGETS } from './budgets';

type R = Record<string, unknown>;
const num = (v: unknown): string => (typeof v === 'number' ? v.toLocaleString('en-US') : String(v ?? '–'));
const list = (v: unknown): string => (Array.isArray(v) ? v.map(num).join(', ') : '–');

/** A taskset CPU list in words: "1-1" is CPU 1, "1-3" CPUs 1-3. */
function cpuSet(v: unknown): string {
  const set = String(v).replace(/^(\d+)-\1$/, '$1');
  return /^\d+$/.test(set) ? `CPU ${set}` : `CPUs ${set}`;
}

export function fleetSection(fleet: unknown): string[] {
  const f = (fleet ?? {}) as R;
  const runs = (f.runs as R[] | undefined) ?? [];
  if (runs.length === 0) return [];
  const pinned = f.pinned as R | null | undefined;
  const rows: [string, (r: R) => string][] = [
    ['servers', (r) => num(r.servers)],
    ['clients (connected)', (r) => num(r.clients)],
    ['writes, deliveries (missed)', (r) => `${num(r.writes)}, ${num(r.deliveries)} (${num(r.missed)})`],
    [
      'delivery from the write p50 / p95 / p99 (ms)',
      (r) => `${num(r.delivery_p50_ms)} / ${num(r.delivery_p95_ms)} / ${num(r.delivery_p99_ms)}`
    ],
    ['queries per write, whole fleet', (r) => num(r.queries_per_write)],
    ['queries run, per server', (r) => list(r.queries_per_server)],
    ['results received from peers, per server', (r) => list(r.results_received_per_server)],
    ['CPU per server (% of one core)', (r) => list(r.cpu_percent_per_server)],
    ['load average (1 min) at the end', (r) => num(r.load_average_1m)]
  ];
  return [
    '## A fleet of servers',
    '',
    `\`bench/fleet.ts\` (\`npm run bench -- fleet\`, ran ${num(f.ran_at)}): servers in their own processes over one ClickHouse endpoint (the test harness serving ClickHouse's HTTP interface from chDB) and, for two or three servers, one Redis; one server alone runs without Redis. Clients in processes of a thousand, spread round-robin over the servers as a load balancer would, each on one of ${num(f.views)} views (postings by region over the last 1 to 10 hours). Each write is one posting POSTed to the first server; a delivery is the time from the start of that POST to the push carrying it on a socket, so for the other servers' sockets it includes the change notice through Redis and the query on the view's lease holder. ${pinned ? `Servers pinned to CPU ${num(pinned.servers)}, client processes to ${cpuSet(pinned.clients)}; Redis and the ClickHouse harness unpinned.` : 'Nothing pinned.'}`,
    '',
    `| fleet | ${runs.map((r) => `${num(r.servers)} × ${num(r.clients)}`).join(' | ')} |`,
    `|---|${runs.map(() => '---').join('|')}|`,
    ...rows.map(([label, fn]) => `| ${label} | ${runs.map(fn).join(' | ')} |`),
    '',
    ...(typeof f.conditions === 'string' ? [`Conditions: ${f.conditions}`, ''] : []),
    ...closing(runs, pinned),
    ''
  ];
}

/** One server against three at each number of clients: what the fleet changes, from the numbers. */
function closing(runs: R[], pinned: R | null | undefined): string[] {
  const cpu = (r: R) => (Array.isArray(r.cpu_percent_per_server) ? (r.cpu_percent_per_server as number[]) : []);
  const pairs = runs
    .filter((r) => r.servers === 1)
    .map((one) => ({ one, three: runs.find((r) => r.servers === 3 && r.clients === one.clients) }))
    .filter((p): p is { one: R; three: R } => p.three !== undefined);
  if (pairs.length === 0) return [];
  const views = (r: R) => Number(r.queries_per_write);
  const lines = pairs.map(
    ({ one, three }) =>
      `- ${num(one.clients)} clients: delivery from the write p50 / p95 ${num(three.delivery_p50_ms)} / ${num(three.delivery_p95_ms)} ms on three servers against ${num(one.delivery_p50_ms)} / ${num(one.delivery_p95_ms)} ms on one (${Number(three.delivery_p95_ms) <= BUDGETS.fleetP95Ms ? 'within' : 'over'} the design's ${BUDGETS.fleetP95Ms} ms at p95); queries per write ${num(views(three))} against ${num(views(one))}; server CPU ${cpu(three).map(num).join(', ')}% of a core each against ${cpu(one).map(num).join(', ')}%; load average ${num(three.load_average_1m)} and ${num(one.load_average_1m)} at the ends of the runs.`
  );
  // All servers on one pinned core: the fleet shares that core instead of adding one.
  const oneCore = typeof pinned?.servers === 'string' && /^\d+$/.test(pinned.servers);
  return [
    '**Three servers against one, on this machine.**',
    '',
    ...lines,
    '',
    `The engine's load stays with the distinct views: each write costs one query per view across the whole fleet, run by that view's lease holder, where three servers without leases would run every view three times. ${
      oneCore
        ? `Every server here runs on the same core (CPU ${num(pinned?.servers)}), so a fleet on this machine splits one core's work between processes rather than adding a core, and a delivery to another server's socket takes one more hop (the change notice through Redis, then the lease holder's result): that hop is the difference in p50 at 1,000 clients. On separate machines each server brings its own core for its sockets' fan-out, the part that grows with screens.`
        : 'Each server has a core of its own here.'
    } A fleet also keeps screens alive through a server's death (tests/integration/fleet.test.ts kills one).`
  ];
}

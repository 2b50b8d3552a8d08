// The fleet section of docs/PERFORMANCE.md, from `npm run bench -- fleet` (bench/fleet.ts).

import { BUDGETS } from './budgets';

type R = Record<string, unknown>;
const num = (v: unknown): string => (typeof v === 'number' ? v.toLocaleString('en-US') : String(v ?? '–'));
const list = (v: unknown): string => (Array.isArray(v) ? v.map(num).join(', ') : '–');

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
    `\`bench/fleet.ts\` (\`npm run bench -- fleet\`, ran ${num(f.ran_at)}): servers in their own processes over one ClickHouse endpoint (the test harness serving ClickHouse's HTTP interface from chDB) and, for two or three servers, one Redis; one server alone runs without Redis. Clients in processes of a thousand, spread round-robin over the servers as a load balancer would, each on one of ${num(f.views)} views (postings by region over the last 1 to 10 hours). Each write is one posting POSTed to the first server; a delivery is the time from the start of that POST to the push carrying it on a socket, so for the other servers' sockets it includes the change notice through Redis and the query on the view's lease holder. ${pinned ? `Servers pinned to CPU ${num(pinned.servers)}, client processes to CPUs ${num(pinned.clients)}; Redis and the ClickHouse harness unpinned.` : 'Nothing pinned.'}`,
    '',
    `| fleet | ${runs.map((r) => `${num(r.servers)} × ${num(r.clients)}`).join(' | ')} |`,
    `|---|${runs.map(() => '---').join('|')}|`,
    ...rows.map(([label, fn]) => `| ${label} | ${runs.map(fn).join(' | ')} |`),
    '',
    ...closing(runs),
    ''
  ];
}

/** One server against three at the same number of clients: what the fleet changes, from the numbers. */
function closing(runs: R[]): string[] {
  const one = runs.find((r) => r.servers === 1);
  const three = runs.find((r) => r.servers === 3 && r.clients === one?.clients) ?? runs.find((r) => r.servers === 3);
  if (!one || !three) return [];
  const cpu = (r: R) => (Array.isArray(r.cpu_percent_per_server) ? (r.cpu_percent_per_server as number[]) : []);
  return [
    `**Three servers against one, ${num(three.clients)} clients, on this machine.** Queries per write: ${num(three.queries_per_write)} across three servers against ${num(one.queries_per_write)} on one, for ten views: one query per view per write, where three servers without leases would run each view three times (one server ran fewer than ten because its slower passes took in two writes at once). Delivery from the write p95: ${num(three.delivery_p95_ms)} ms against ${num(one.delivery_p95_ms)} ms; server CPU ${cpu(three).map(num).join(', ')}% of a core each against ${cpu(one).map(num).join(', ')}%. These runs were taken on a machine shared with other work, at load averages of ${num(one.load_average_1m)} (one server) and ${num(three.load_average_1m)} (three) on two cores: the servers used little CPU and the delivery times are mostly the wait for a core that the servers, the clients, Redis and the ClickHouse harness share with that other work, so the difference between them says more about the load at the time than about the fleet, and neither meets the design's ${BUDGETS.fleetP95Ms} ms. What a fleet adds is room for sockets beyond one server's core ("Past one machine") at no extra engine load, and screens that survive a server's death; on separate machines a write reaches another server's screens after one Redis notice and, on servers not holding a view's lease, the holder's result through Redis.`
  ];
}

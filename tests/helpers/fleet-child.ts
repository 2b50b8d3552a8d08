// One server of a test fleet, in its own process so a test can kill -9 it. Prints
// {"port": N, "server": id} on stdout once listening. Reads CLICKHOUSE_URL, CLICKHOUSE_DATABASE
// and REDIS_URL (shared by the fleet) and FLEET_LEASE_MS (the lease time). With FLEET_LOG=1 its
// one-line JSON logs go to stdout too (before and after that line), so a test can wait on the
// server's own "redis lost" and "redis back" lines instead of asking /api/health until it changes.
// A line "quiet" on stdin is answered with {"msg":"quiet"} on stdout once the hub has run every
// refresh the writes so far asked of it (Hub.quiet).
import { createInterface } from 'node:readline';
import { traceTo } from '../../server/lib/trace';
import { createLogger, silentLogger } from '../../server/log';
import { startServer } from './server';

// The fleet benchmark's breakdown: each step of a write's way, timestamped to this file.
if (process.env.FLEET_TRACE) traceTo(process.env.FLEET_TRACE);
const s = await startServer({
  env: {
    SIMULATE: 'off',
    REDIS_URL: process.env.REDIS_URL ?? '',
    CLICKHOUSE_DATABASE: process.env.CLICKHOUSE_DATABASE ?? 'default',
    SOCKETS_PER_ADDRESS: process.env.SOCKETS_PER_ADDRESS ?? '2000'
  },
  app: {
    fleet: { leaseMs: Number(process.env.FLEET_LEASE_MS ?? 5000) },
    log: process.env.FLEET_LOG === '1' ? createLogger('info') : silentLogger
  }
});
process.stdout.write(JSON.stringify({ port: s.port, server: s.app.fleet?.server }) + '\n');
createInterface({ input: process.stdin }).on('line', (l) => {
  if (l.trim() === 'quiet') void s.app.hub.quiet().then(() => process.stdout.write(JSON.stringify({ msg: 'quiet' }) + '\n'));
});

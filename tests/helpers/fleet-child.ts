// One server of a test fleet, in its own process so a test can kill -9 it. Prints {"port": N}
// once listening. Reads CLICKHOUSE_URL, CLICKHOUSE_DATABASE and REDIS_URL (shared by the fleet)
// and FLEET_LEASE_MS (a lease time shorter than the product's, so a handover takes a second).
import { startServer } from './server';

const s = await startServer({
  env: {
    SIMULATE: 'off',
    REDIS_URL: process.env.REDIS_URL ?? '',
    CLICKHOUSE_DATABASE: process.env.CLICKHOUSE_DATABASE ?? 'default',
    SOCKETS_PER_ADDRESS: process.env.SOCKETS_PER_ADDRESS ?? '2000'
  },
  app: { fleet: { leaseMs: Number(process.env.FLEET_LEASE_MS ?? 5000) } }
});
process.stdout.write(JSON.stringify({ port: s.port, server: s.app.fleet?.server }) + '\n');

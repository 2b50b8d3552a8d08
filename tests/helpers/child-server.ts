// A server in its own process, for tests that kill it: prints {"port": N} once listening.
import { startServer } from './server';
import { onServer } from './target';

// Over a ClickHouse server, CLICKHOUSE_DATABASE names the database the parent test already
// filled (by the importer, say); without it the server gets a fresh one of its own.
const detector = process.env.DETECTOR_URL;
const database = onServer() ? process.env.CLICKHOUSE_DATABASE : undefined;
const s = await startServer({
  dataDir: process.env.CHDB_PATH ?? '',
  env: { SIMULATE: 'off', ...(detector ? { DETECTOR_URL: detector } : {}), ...(database ? { CLICKHOUSE_DATABASE: database } : {}) }
});
process.stdout.write(JSON.stringify({ port: s.port }) + '\n');

// A server in its own process, for tests that kill it: prints {"port": N} once listening.
import { startServer } from './server';

const detector = process.env.DETECTOR_URL;
const s = await startServer({
  dataDir: process.env.CHDB_PATH ?? '',
  env: { SIMULATE: 'off', ...(detector ? { DETECTOR_URL: detector } : {}) }
});
process.stdout.write(JSON.stringify({ port: s.port }) + '\n');

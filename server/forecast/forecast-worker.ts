// Worker thread: runs forecasts too large for the event loop (server/forecast/offload.ts).
// Receives {id, defaults, query}; answers {id, outcome} or {id, error}.
import { parentPort } from 'node:worker_threads';
import type { ForecastQuery } from '../../src/lib/contract/forecast';
import type { LiveDefaults } from './live-defaults';
import { runForecastRequest } from './request';

parentPort?.on('message', (m: { id: number; defaults: LiveDefaults; query: ForecastQuery }) => {
  try {
    parentPort?.postMessage({ id: m.id, outcome: runForecastRequest(m.defaults, m.query) });
  } catch (e) {
    parentPort?.postMessage({ id: m.id, error: (e as Error).message });
  }
});

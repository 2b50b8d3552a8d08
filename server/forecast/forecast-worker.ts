// Worker thread: runs forecasts too large for the event loop (server/forecast/offload.ts).
// Receives {id, defaults, query}; answers {id, outcome} or {id, error}.
import { parentPort } from 'node:worker_threads';
import type { ForecastQuery } from '../../src/lib/contract/forecast';
import type { LiveDefaults } from './live-defaults';
import type { ComputeProjection } from './epoch-compute-projection';
import { setProjection } from './epoch-request';
import { runForecastRequest } from './request';

let inUse = -1;

parentPort?.on(
  'message',
  (m: { id: number; defaults: LiveDefaults; query: ForecastQuery; projection: ComputeProjection; version: number }) => {
    try {
      if (m.version !== inUse) {
        inUse = m.version;
        setProjection(m.projection);
      }
      parentPort?.postMessage({ id: m.id, outcome: runForecastRequest(m.defaults, m.query) });
    } catch (e) {
      parentPort?.postMessage({ id: m.id, error: (e as Error).message });
    }
  }
);

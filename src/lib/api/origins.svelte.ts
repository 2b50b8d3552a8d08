import type { HealthResponse, StreamsResponse } from '../contract/api';
import { getJSON } from './http';

/**
 * Which streams hold simulated rows (GET /api/streams) and whether the server is still filling
 * its history (GET /api/health), shared by every panel of a page. Polled: every few seconds while
 * a first start fills history, then every minute, so a wall running for weeks follows a switch
 * from simulated to real data without a reload.
 */
export const origins = $state({
  streams: null as StreamsResponse | null,
  filling: false
});

const FILLING_POLL_MS = 3_000;
const POLL_MS = 60_000;
let started = false;

export function watchOrigins(): void {
  if (started || typeof window === 'undefined') return;
  started = true;
  const poll = () => {
    Promise.all([getJSON<StreamsResponse>('/api/streams'), getJSON<HealthResponse>('/api/health')])
      .then(([streams, health]) => {
        origins.streams = streams;
        origins.filling = health.filling_history;
      })
      .catch(() => {
        // The link badge reports an unreachable server; the last answer stands meanwhile.
      })
      .finally(() => setTimeout(poll, origins.filling ? FILLING_POLL_MS : POLL_MS));
  };
  poll();
}

import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';

// The id of the API request being served, carried through every await of its handler so the
// engine can write it into each query's log_comment without threading it through every call.
const current = new AsyncLocalStorage<string>();
const WELL_FORMED = /^[A-Za-z0-9._:-]{1,64}$/;

/** The caller's X-Request-Id when it is well formed (a proxy in front may have set one), else a new one. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const given = Array.isArray(header) ? header[0] : header;
  return given !== undefined && WELL_FORMED.test(given) ? given : randomBytes(8).toString('hex');
}

/** Runs `fn` as part of request `id`. */
export function withRequestId<T>(id: string, fn: () => T): T {
  return current.run(id, fn);
}

/** Runs `fn` outside any request: for work a request only sets off (timers it arms live on). */
export function outsideRequest<T>(fn: () => T): T {
  return current.exit(fn);
}

/** The id of the request being served, if any. */
export function requestId(): string | undefined {
  return current.getStore();
}

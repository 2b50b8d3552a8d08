import type { ErrorResponse } from '../contract/api';
import { readToken } from '../live/client.svelte';

/** A failed API call with the server's message (and the parameter it names, when it does). */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    message: string,
    readonly status: number,
    readonly param?: string
  ) {
    super(message);
  }
}

/** GET a JSON endpoint; 4xx/5xx become ApiError with the server's own words. */
export async function getJSON<T>(path: string, signal?: AbortSignal): Promise<T> {
  const t = readToken();
  const res = await fetch(path, { signal: signal ?? null, headers: t ? { authorization: `Bearer ${t}` } : {} });
  if (!res.ok) {
    let body: Partial<ErrorResponse> = {};
    try {
      body = (await res.json()) as ErrorResponse;
    } catch {
      // Not JSON (a proxy's error page): the status says enough.
    }
    throw new ApiError(body.error ?? `${res.status} ${res.statusText}`, res.status, body.param);
  }
  return (await res.json()) as T;
}

/**
 * A link that works when opened in a new tab or saved: the token, when the server needs one,
 * travels as ?access_token= because a link cannot carry a header.
 */
export function linkWithToken(path: string, q: URLSearchParams): string {
  const out = new URLSearchParams(q);
  const t = readToken();
  if (t) out.set('access_token', t);
  const s = out.toString();
  return s ? `${path}?${s}` : path;
}

import { ClickHouseError } from '@clickhouse/client';

/**
 * What the rest of the server needs to know about a failed query: whether it was the query's
 * fault (bad SQL, a limit hit) or the engine's (down, overloaded). The SQL rides along for logs,
 * never for responses.
 */
export class EngineError extends Error {
  override name = 'EngineError';
  constructor(
    message: string,
    readonly kind: 'timeout' | 'query' | 'unavailable',
    readonly code: string | undefined,
    readonly sql: string,
    options?: { cause?: unknown }
  ) {
    super(message, options);
  }
}

// ClickHouse error codes: 159 TIMEOUT_EXCEEDED; 241 MEMORY_LIMIT_EXCEEDED and 202
// TOO_MANY_SIMULTANEOUS_QUERIES mean the engine is overloaded rather than the query wrong.
const TIMEOUT_CODES = new Set(['159']);
const OVERLOAD_CODES = new Set(['241', '202']);

/**
 * chDB raises ClickHouseError from its own copy of @clickhouse/client-common, so instanceof
 * against ours fails for embedded errors: recognise the shape (a numeric code and a type name).
 */
function isClickHouseError(e: unknown): e is { message: string; code: string; type?: string } {
  if (e instanceof ClickHouseError) return true;
  return (
    e instanceof Error &&
    typeof (e as unknown as { code?: unknown }).code === 'string' &&
    /^\d+$/.test((e as unknown as { code: string }).code)
  );
}

export function toEngineError(e: unknown, sql: string): EngineError {
  if (e instanceof EngineError) return e;
  if (isClickHouseError(e)) {
    const kind = TIMEOUT_CODES.has(e.code) ? 'timeout' : OVERLOAD_CODES.has(e.code) ? 'unavailable' : 'query';
    return new EngineError(e.message, kind, e.code, sql, { cause: e });
  }
  const message = e instanceof Error ? e.message : String(e);
  // Anything that is not a ClickHouse answer (refused connection, closed session) means the
  // engine could not be reached at all.
  return new EngineError(message, 'unavailable', undefined, sql, { cause: e });
}

import { ClickHouseError } from '@clickhouse/client';

/**
 * What the rest of the server needs to know about a failed query: whether it was the query's
 * fault (bad SQL, a limit hit) or the engine's (down, overloaded). The SQL rides along for logs,
 * never for responses.
 */
/**
 * timeout: the query ran out of time. query: ClickHouse refused this query or its data.
 * unavailable: the engine could not be reached or is overloaded. disk_full, read_only: the
 * machine's storage refused a write; nothing the client can change, and worth saying so.
 */
export type EngineErrorKind = 'timeout' | 'query' | 'unavailable' | 'disk_full' | 'read_only';

export class EngineError extends Error {
  override name = 'EngineError';
  constructor(
    message: string,
    readonly kind: EngineErrorKind,
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

/**
 * chDB's raw insert raises its own error type whose `code` is a name; the ClickHouse code is in
 * `clickhouseCode` or, failing that, in the message ("Code: 41. DB::Exception: ...").
 */
function embeddedCode(e: unknown): string | undefined {
  if (!(e instanceof Error)) return undefined;
  const c = (e as unknown as { clickhouseCode?: unknown }).clickhouseCode;
  if (typeof c === 'number' || (typeof c === 'string' && /^\d+$/.test(c))) return String(c);
  return /^Code: (\d+)\. DB::Exception/.exec(e.message)?.[1];
}

// Storage failures show as several codes (243 NOT_ENOUGH_SPACE, 74/75 CANNOT_READ/WRITE, 1001
// std::exception around an errno); the operating system's words are what they share.
const DISK_FULL = /No space left on device|NOT_ENOUGH_SPACE|not enough space|ENOSPC/i;
const READ_ONLY = /Read-only file system|EROFS/;

export function toEngineError(e: unknown, sql: string): EngineError {
  if (e instanceof EngineError) return e;
  const message = e instanceof Error ? e.message : String(e);
  if (DISK_FULL.test(message)) return new EngineError(message, 'disk_full', embeddedCode(e), sql, { cause: e });
  if (READ_ONLY.test(message)) return new EngineError(message, 'read_only', embeddedCode(e), sql, { cause: e });
  const code = isClickHouseError(e) ? e.code : embeddedCode(e);
  if (code !== undefined) {
    const kind = TIMEOUT_CODES.has(code) ? 'timeout' : OVERLOAD_CODES.has(code) ? 'unavailable' : 'query';
    return new EngineError(message, kind, code, sql, { cause: e });
  }
  // Anything that is not a ClickHouse answer (refused connection, closed session) means the
  // engine could not be reached at all.
  return new EngineError(message, 'unavailable', undefined, sql, { cause: e });
}

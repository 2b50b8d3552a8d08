import { ClickHouseError } from '@clickhouse/client';

/**
 * What the rest of the server needs to know about a failed query: whether it was the query's
 * fault (bad SQL, a limit hit) or the engine's (down, overloaded). The SQL rides along for logs,
 * never for responses.
 */
/**
 * timeout: the query ran out of time. query: ClickHouse refused this query or its data.
 * unavailable: the engine could not be reached. overloaded: a server refused for lack of
 * capacity (simultaneous queries, memory). credentials: a server refused the configured user or
 * password. not_permitted: a server's user may not do this (a readonly user, missing grants).
 * disk_full, read_only: the machine's storage refused a write. None of these is the client's to
 * change, and each is worth saying so.
 */
export type EngineErrorKind =
  'timeout' | 'query' | 'unavailable' | 'overloaded' | 'credentials' | 'not_permitted' | 'disk_full' | 'read_only';

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
// TOO_MANY_SIMULTANEOUS_QUERIES mean the engine is overloaded rather than the query wrong;
// 192 UNKNOWN_USER, 193 WRONG_PASSWORD, 194 REQUIRED_PASSWORD, 516 AUTHENTICATION_FAILED refuse
// the credentials; 164 READONLY and 497 ACCESS_DENIED refuse this user the statement.
const KIND_BY_CODE: ReadonlyMap<string, EngineErrorKind> = new Map([
  ['159', 'timeout'],
  ['241', 'overloaded'],
  ['202', 'overloaded'],
  ['192', 'credentials'],
  ['193', 'credentials'],
  ['194', 'credentials'],
  ['516', 'credentials'],
  ['164', 'not_permitted'],
  ['497', 'not_permitted']
]);

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
    return new EngineError(message, KIND_BY_CODE.get(code) ?? 'query', code, sql, { cause: e });
  }
  // Anything that is not a ClickHouse answer (refused connection, closed session) means the
  // engine could not be reached at all.
  return new EngineError(message, 'unavailable', undefined, sql, { cause: e });
}

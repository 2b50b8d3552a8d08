import { ClickHouseError } from '@clickhouse/client';

/**
 * What the rest of the server needs to know about a failed query: whether it was the query's
 * fault (bad SQL, a limit hit) or the engine's (down, overloaded). The SQL rides along for logs,
 * never for responses.
 */
/**
 * timeout: the query ran out of time. query: ClickHouse refused this query or its data.
 * unavailable: the engine could not be reached. overloaded: a server refused for lack of
 * capacity (simultaneous queries). credentials: a server refused the configured user or
 * password. not_permitted: a server's user may not do this (a readonly user, missing grants).
 * disk_full, read_only: the machine's storage refused a write. storage: a table's files could not
 * be read (gone, unreadable, corrupt). missing_part: a data part the table lists is not there.
 * memory: the engine hit its memory limit. None of these is the client's to change, and each is
 * worth saying so.
 */
export type EngineErrorKind =
  | 'timeout'
  | 'query'
  | 'unavailable'
  | 'overloaded'
  | 'credentials'
  | 'not_permitted'
  | 'disk_full'
  | 'read_only'
  | 'storage'
  | 'missing_part'
  | 'memory';

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

// ClickHouse error codes (src/Common/ErrorCodes.cpp): 159 TIMEOUT_EXCEEDED; 202
// TOO_MANY_SIMULTANEOUS_QUERIES means the engine is overloaded rather than the query wrong; 241
// MEMORY_LIMIT_EXCEEDED is the engine's memory, not the query's fault either; 192 UNKNOWN_USER,
// 193 WRONG_PASSWORD, 194 REQUIRED_PASSWORD, 516 AUTHENTICATION_FAILED refuse the credentials;
// 164 READONLY and 497 ACCESS_DENIED refuse this user the statement; 232 NO_SUCH_DATA_PART: a
// part the table lists is not on disk.
const KIND_BY_CODE: ReadonlyMap<string, EngineErrorKind> = new Map([
  ['159', 'timeout'],
  ['202', 'overloaded'],
  ['241', 'memory'],
  ['192', 'credentials'],
  ['193', 'credentials'],
  ['194', 'credentials'],
  ['516', 'credentials'],
  ['164', 'not_permitted'],
  ['497', 'not_permitted'],
  ['232', 'missing_part']
]);
// 33 CANNOT_READ_ALL_DATA, 40 CHECKSUM_DOESNT_MATCH, 74 CANNOT_READ_FROM_FILE_DESCRIPTOR,
// 76 CANNOT_OPEN_FILE, 107 FILE_DOESNT_EXIST, 246 CORRUPTED_DATA: the table's files, not the query.
const STORAGE_CODES = new Set(['33', '40', '74', '76', '107', '246']);
// chDB reports a file gone under the engine as a std::exception (1001) in the C++ library's words.
const STORAGE = /filesystem error|No such file or directory|Cannot open file|Checksum doesn't match|CORRUPTED_DATA/i;
const MISSING_PART = /No such data part|NO_SUCH_DATA_PART/i;

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
    return new EngineError(message, kindOf(code, message), code, sql, { cause: e });
  }
  // Anything that is not a ClickHouse answer (refused connection, closed session) means the
  // engine could not be reached at all.
  return new EngineError(message, 'unavailable', undefined, sql, { cause: e });
}

function kindOf(code: string, message: string): EngineErrorKind {
  const known = KIND_BY_CODE.get(code);
  if (known) return known;
  if (MISSING_PART.test(message)) return 'missing_part';
  if (STORAGE_CODES.has(code) || STORAGE.test(message)) return 'storage';
  return 'query';
}

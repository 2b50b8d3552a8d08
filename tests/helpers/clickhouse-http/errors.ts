/**
 * How ClickHouse's HTTP interface answers an exception: a status chosen from the error code,
 * the code in X-ClickHouse-Exception-Code, and "Code: N. DB::Exception: ... (NAME) (version V)"
 * as the body. The statuses are those of ClickHouse's exceptionCodeToHTTPStatus
 * (src/Server/HTTP/exceptionCodeToHTTPStatus.cpp) for the codes this product can meet; codes
 * not listed answer 500 there as here.
 */
const groups: ReadonlyArray<[number, readonly number[]]> = [
  // REQUIRED_PASSWORD
  [401, [194]],
  // UNKNOWN_USER, WRONG_PASSWORD, AUTHENTICATION_FAILED, ACCESS_DENIED
  [403, [192, 193, 516, 497]],
  // CANNOT_PARSE_* (text, escape sequence, quoted string, assertion, date, datetime, number),
  // BAD_ARGUMENTS, TYPE_MISMATCH, SYNTAX_ERROR, INCORRECT_DATA
  [400, [6, 25, 26, 27, 38, 41, 72, 36, 53, 62, 117]],
  // UNKNOWN_ TABLE, FUNCTION, IDENTIFIER, TYPE, STORAGE, DATABASE, SETTING, AGGREGATE_FUNCTION, FORMAT
  [404, [60, 46, 47, 50, 56, 81, 115, 63, 73]],
  // NOT_IMPLEMENTED
  [501, [48]],
  // SOCKET_TIMEOUT, CANNOT_OPEN_FILE, CANNOT_SCHEDULE_TASK
  [503, [209, 76, 439]],
  // TIMEOUT_EXCEEDED
  [408, [159]]
];
const STATUS_BY_CODE: ReadonlyMap<number, number> = new Map(groups.flatMap(([status, codes]) => codes.map((c) => [c, status] as const)));

export function statusForCode(code: number): number {
  return STATUS_BY_CODE.get(code) ?? 500;
}

/** The code in a "Code: N. DB::Exception: ..." message, or 1001 (STD_EXCEPTION) when there is none. */
export function codeOf(message: string): number {
  const m = /Code: (\d+)\. DB::Exception/.exec(message);
  return m ? Number(m[1]) : 1001;
}

/** An exception text as ClickHouse writes it, for an error the harness raises itself. */
export function exceptionText(code: number, name: string, message: string): string {
  return `Code: ${code}. DB::Exception: ${message}. (${name})`;
}

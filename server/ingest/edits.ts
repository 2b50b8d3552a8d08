import type { Scan } from './scan';

/**
 * The bytes of one stretch of a body with its scan's edits applied (server/ingest/scan.ts): the
 * lines without edits copied as sent, byte for byte (ClickHouse's JSONEachRow reader skips
 * blanks and CR characters between rows), the others replaced, extended or left out. The stretch
 * itself when it has no edits. Works on bytes, so the text is neither joined nor encoded again:
 * only the edits' own texts are.
 */
export function applyEdits(
  bytes: Buffer,
  scan: Pick<Scan, 'editAt' | 'editText'>,
  alloc: (size: number) => Buffer = Buffer.allocUnsafe
): Buffer {
  const { editAt, editText } = scan;
  if (editAt.length === 0) return bytes;
  let extra = 0;
  for (const t of editText) extra += Buffer.byteLength(t);
  // An upper bound: a replaced line's old bytes are dropped.
  const out = alloc(bytes.length + extra);
  let written = 0;
  let copied = 0;
  let line = 0;
  let lineStart = 0;
  for (let k = 0; k < editAt.length; k++) {
    const target = editAt[k] as number;
    const text = editText[k] as string;
    while (line < target) {
      lineStart = bytes.indexOf(10, lineStart) + 1;
      line++;
    }
    let end = bytes.indexOf(10, lineStart);
    if (end === -1) end = bytes.length;
    if (text === '') {
      written += copy(bytes, copied, lineStart, out, written);
      copied = Math.min(end + 1, bytes.length);
    } else if (text.charCodeAt(0) === 44) {
      // Members go before the object's closing brace: the line's last '}' (only blanks and a
      // CR may follow it in a line that was checked as one JSON object).
      let close = end - 1;
      while (bytes[close] !== 125) close--;
      written += copy(bytes, copied, close, out, written);
      written += out.write(text, written);
      copied = close;
    } else {
      written += copy(bytes, copied, lineStart, out, written);
      written += out.write(text, written);
      copied = end;
    }
  }
  written += copy(bytes, copied, bytes.length, out, written);
  return out.subarray(0, written);
}

/**
 * Copies bytes[from, to) into out at `at`. Through a typed-array view and set(): Buffer's own
 * copy() checks its arguments in JavaScript on every call, which cost about three times as much
 * for the short stretches between edits (one per row when every row has an edit).
 */
function copy(bytes: Buffer, from: number, to: number, out: Buffer, at: number): number {
  out.set(new Uint8Array(bytes.buffer, bytes.byteOffset + from, to - from), at);
  return to - from;
}

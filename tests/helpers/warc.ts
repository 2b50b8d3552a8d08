// Writes small WARC and WET files the way crawlers do, so tests and benchmarks make their own
// inputs: records with and without language headers, HTTP responses, and broken ones on purpose.
import { gzipSync } from 'node:zlib';

interface RecordSpec {
  type?: string;
  id?: string | null;
  date?: string | null;
  url?: string | null;
  contentType?: string;
  lang?: string;
  /** The block (for a response: HTTP status line, headers, blank line, body). */
  body: string;
  /** Extra or overriding WARC headers. */
  headers?: Record<string, string>;
  /** Cut the record this many bytes short of its Content-Length. */
  truncateBy?: number;
}

let serial = 0;

/** One WARC/1.0 record, CRLF-framed, as bytes. */
export function warcRecord(r: RecordSpec): Buffer {
  const block = Buffer.from(r.body, 'utf8');
  const h: Record<string, string> = {
    'WARC-Type': r.type ?? 'conversion',
    ...(r.id === null ? {} : { 'WARC-Record-ID': r.id ?? `<urn:uuid:00000000-0000-0000-0000-${String(++serial).padStart(12, '0')}>` }),
    ...(r.date === null ? {} : { 'WARC-Date': r.date ?? '2024-03-01T12:00:00Z' }),
    ...(r.url === null ? {} : { 'WARC-Target-URI': r.url ?? 'https://example.org/' }),
    'Content-Type': r.contentType ?? 'text/plain',
    ...(r.lang ? { 'WARC-Identified-Content-Language': r.lang } : {}),
    ...r.headers,
    'Content-Length': String(block.length)
  };
  const head = `WARC/1.0\r\n${Object.entries(h)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n')}\r\n\r\n`;
  const whole = Buffer.concat([Buffer.from(head), block, Buffer.from('\r\n\r\n')]);
  return r.truncateBy ? whole.subarray(0, whole.length - 4 - r.truncateBy) : whole;
}

/** A warcinfo record naming the crawl, as Common Crawl writes at the head of each file. */
export function warcinfo(crawl: string): Buffer {
  return warcRecord({
    type: 'warcinfo',
    url: null,
    contentType: 'application/warc-fields',
    body: `isPartOf: ${crawl}\r\noperator: test\r\n`
  });
}

/** An HTTP response record of a WARC file. */
export function responseRecord(r: Omit<RecordSpec, 'type' | 'body'> & { status?: number; mime: string; html: string }): Buffer {
  const payload = Buffer.from(r.html, 'utf8');
  const http = `HTTP/1.1 ${r.status ?? 200} OK\r\nContent-Type: ${r.mime}\r\nContent-Length: ${payload.length}\r\n\r\n${r.html}`;
  return warcRecord({ ...r, type: 'response', contentType: 'application/http; msgtype=response', body: http });
}

/** A file as crawlers write it: each record its own gzip member (the default), one member, or plain. */
export function warcFile(records: Buffer[], gzip: 'member' | 'whole' | 'none' = 'member'): Buffer {
  if (gzip === 'none') return Buffer.concat(records);
  if (gzip === 'whole') return gzipSync(Buffer.concat(records));
  return Buffer.concat(records.map((r) => gzipSync(r)));
}

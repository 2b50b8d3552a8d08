// Crawl documents back into WET records: how the importer hands documents it has read and
// checked to a running server's POST /api/ingest/warc. The server reads them as it reads any
// crawler's output (language from the header, marker scan, tokens), so one path writes rows.
import { gzipSync } from 'node:zlib';
import type { CrawlDocument } from './document';

function record(headers: Record<string, string>, block: string): Buffer {
  const body = Buffer.from(block, 'utf8');
  const head = Object.entries({ ...headers, 'Content-Length': String(body.length) })
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  return gzipSync(Buffer.concat([Buffer.from(`WARC/1.0\r\n${head}\r\n`), body, Buffer.from('\r\n\r\n')]));
}

/** A gzipped WET body: a warcinfo naming the crawl, then one conversion record per document. */
export function toWet(docs: readonly CrawlDocument[]): Buffer {
  const source = docs[0]?.row.crawl_source ?? 'warc';
  const parts = [record({ 'WARC-Type': 'warcinfo', 'Content-Type': 'application/warc-fields' }, `isPartOf: ${source}\r\n`)];
  for (const d of docs) {
    parts.push(
      record(
        {
          'WARC-Type': 'conversion',
          'WARC-Record-ID': d.recordId,
          'WARC-Date': d.row.ts,
          'WARC-Target-URI': d.row.url,
          // Conversion records hold text; the page's own type travels as the identified payload type.
          'Content-Type': 'text/plain',
          'WARC-Identified-Payload-Type': d.row.content_type,
          // The language this side settled on, so the server does not guess again.
          'WARC-Identified-Content-Language': d.row.lang
        },
        d.text
      )
    );
  }
  return Buffer.concat(parts);
}

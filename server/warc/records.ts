// Reads WARC and WET files (gzipped per record, gzipped whole, or plain) into text records with
// webrecorder's warcio, streaming: memory holds one record at a time, not the file.
import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { Parser } from 'htmlparser2';
import { latin1ToUTF, LimitReader, WARCParser, type WARCRecord } from 'warcio';

/** Records that are not documents: the file is fine, they just hold no page text. */
export const NOT_DOCUMENT = ['not_a_document', 'not_text', 'empty_text'] as const;
/** Records the file spoils: an HTTP body with one of these is refused whole. */
export const BROKEN = [
  'not_warc',
  'no_record_id',
  'no_date',
  'bad_date',
  'no_url',
  'bad_url',
  'invalid_field',
  'truncated',
  'undecodable',
  'truncated_gzip',
  'too_large'
] as const;
export type SkipReason = (typeof NOT_DOCUMENT)[number] | (typeof BROKEN)[number];

const BROKEN_SET = new Set<string>(BROKEN);
export function isBroken(reason: SkipReason): boolean {
  return BROKEN_SET.has(reason);
}

export interface TextRecord {
  kind: 'text';
  /** 1-based position in the file, counting every record (warcinfo included). */
  index: number;
  recordId: string;
  /** WARC-Date as written. */
  date: string;
  url: string;
  /** WARC-Identified-Content-Language (Common Crawl's WET files), when present. */
  langHeader: string | null;
  /** MIME type without parameters: a WET record's WARC-Identified-Payload-Type or Content-Type, a response's HTTP Content-Type. */
  contentType: string;
  text: string;
  /** crawl_source: Common Crawl's crawl id from the file's warcinfo (isPartOf), else 'warc'. */
  source: string;
}

interface SkippedRecord {
  kind: 'skip';
  index: number;
  recordId: string | null;
  reason: SkipReason;
  detail: string;
}

type WarcItem = TextRecord | SkippedRecord;

export interface ReadOptions {
  /** Largest decompressed size; past it one `too_large` item ends the read. */
  maxBytes?: number;
  /** Called with the count of compressed (as read) bytes, for progress. */
  onBytes?: (n: number) => void;
}

const DOCUMENT_TYPES = new Set(['conversion', 'response', 'resource']);
const TEXT_TYPE = /^(text\/[a-z0-9.+-]+|application\/xhtml\+xml)$/;

/**
 * Every record of a WARC/WET stream, in order, as text or as skipped with its reason. A stream
 * that breaks (a gzip member cut short, a body past maxBytes) ends with one skipped item saying
 * so: the records before it stand.
 */
export async function* readWarc(source: AsyncIterable<Uint8Array>, opts: ReadOptions = {}): AsyncGenerator<WarcItem> {
  const plain = await decompressed(source, opts.onBytes);
  let size = 0;
  let index = 0;
  // The last record read whole: a break inside a record is that record's, else the next one's.
  let done = 0;
  let crawl = 'warc';
  const counted = (async function* () {
    for await (const chunk of plain as AsyncIterable<Uint8Array>) {
      size += chunk.length;
      if (opts.maxBytes !== undefined && size > opts.maxBytes) throw new TooLarge(opts.maxBytes);
      yield chunk;
    }
  })();
  try {
    for await (const record of new WARCParser(counted)) {
      index++;
      const item = await toItem(record, index, crawl);
      done = index;
      if (item === 'warcinfo') {
        crawl = await crawlOf(record);
        yield { kind: 'skip', index, recordId: record.warcHeader('WARC-Record-ID') ?? null, reason: 'not_a_document', detail: 'warcinfo' };
      } else yield item;
    }
  } catch (e) {
    if (e instanceof TooLarge) {
      yield { kind: 'skip', index: done + 1, recordId: null, reason: 'too_large', detail: e.message };
    } else {
      // zlib's "unexpected end of file" and the like: the stream, not one record, is broken.
      yield { kind: 'skip', index: done + 1, recordId: null, reason: 'truncated_gzip', detail: (e as Error).message };
    }
  } finally {
    plain.destroy();
  }
}

class TooLarge extends Error {
  constructor(max: number) {
    super(`the decompressed body passes ${max} bytes`);
  }
}

/** The stream as plain WARC bytes: gunzipped by zlib (which also joins per-record members) when it starts like gzip. */
async function decompressed(source: AsyncIterable<Uint8Array>, onBytes?: (n: number) => void): Promise<Readable> {
  const it = source[Symbol.asyncIterator]();
  const first = await it.next();
  // A stream whose first chunk is a single byte cannot be told apart; it is not gzip here.
  const head = first.done ? new Uint8Array(0) : first.value;
  const all = Readable.from(
    (async function* () {
      if (head.length > 0) {
        onBytes?.(head.length);
        yield head;
      }
      for (let n = await it.next(); !n.done; n = await it.next()) {
        onBytes?.(n.value.length);
        yield n.value;
      }
    })(),
    { objectMode: false }
  );
  if (head[0] !== 0x1f || head[1] !== 0x8b) return all;
  const gunzip = createGunzip();
  // Errors of either side end up on gunzip, where the reader sees them.
  pipeline(all, gunzip, () => {});
  return gunzip;
}

/**
 * WARC-Target-URI as written. WARC headers are UTF-8 (WARC 1.1, section 4), but warcio keeps
 * them in a fetch Headers, which holds only Latin-1: a value beyond it (an IRI such as
 * `https://пример.рф/`) comes back as its UTF-8 bytes one per character, and is marked so.
 */
function targetUri(record: WARCRecord): string | null | undefined {
  const raw = record.warcTargetURI;
  return raw && record.warcHeaders.reencodeHeaders?.has('warc-target-uri') ? latin1ToUTF(raw) : raw;
}

async function toItem(record: WARCRecord, index: number, crawl: string): Promise<WarcItem | 'warcinfo'> {
  const skip = (reason: SkipReason, detail: string): SkippedRecord => ({
    kind: 'skip',
    index,
    recordId: record.warcHeader('WARC-Record-ID') ?? null,
    reason,
    detail
  });
  const type = record.warcType;
  if (!record.warcHeaders.protocol?.startsWith('WARC/') || !type) {
    await record.skipFully();
    return skip('not_warc', `record ${index} does not start with a WARC/1.x header and a WARC-Type`);
  }
  if (type === 'warcinfo') return 'warcinfo';
  if (!DOCUMENT_TYPES.has(type)) {
    await record.skipFully();
    return skip('not_a_document', type);
  }
  const recordId = record.warcHeader('WARC-Record-ID');
  if (!recordId) return skip('no_record_id', `record ${index} has no WARC-Record-ID`);
  const date = record.warcDate;
  if (!date) return skip('no_date', `record ${recordId} has no WARC-Date`);
  if (Number.isNaN(Date.parse(date))) return skip('bad_date', `record ${recordId}: WARC-Date ${JSON.stringify(date)} is not a date`);
  const url = targetUri(record);
  if (!url) return skip('no_url', `record ${recordId} has no WARC-Target-URI`);
  // A conversion record is text already; the type of the page it came from, when named, is
  // the more telling content type.
  const declared = mimeOf(record.httpHeaders?.headers.get('content-type') ?? record.warcContentType ?? '');
  const payloadType = type === 'conversion' ? mimeOf(record.warcHeader('WARC-Identified-Payload-Type') ?? '') : '';
  const mime = payloadType || declared;
  if (type === 'response' && record.httpHeaders?.statusCode !== undefined && !/^2/.test(String(record.httpHeaders.statusCode))) {
    await record.skipFully();
    return skip('not_a_document', `HTTP status ${record.httpHeaders.statusCode}`);
  }
  if (!TEXT_TYPE.test(declared)) {
    await record.skipFully();
    return skip('not_text', declared || 'no content type');
  }
  let raw: string;
  try {
    raw = await record.contentText();
  } catch (e) {
    // Node's zlib (ours, under the whole file) failing ends the stream; warcio decodes a
    // record's own Content-Encoding with pako, whose errors carry no Z_ code.
    if (/^Z_/.test(String((e as { code?: unknown }).code ?? ''))) throw e;
    return skip('undecodable', `record ${recordId}: ${(e as Error).message}`);
  }
  // The LimitReader counts down the block's Content-Length: what is left was never in the file.
  const rest = (record as unknown as { _reader?: unknown })._reader;
  if (rest instanceof LimitReader && rest.limit > 0) {
    return skip('truncated', `record ${recordId} ends ${rest.limit} bytes before its Content-Length`);
  }
  const text = type !== 'conversion' && (declared === 'text/html' || declared === 'application/xhtml+xml') ? htmlText(raw) : raw;
  if (text.trim() === '') return skip('empty_text', recordId);
  return {
    kind: 'text',
    index,
    recordId,
    date,
    url,
    langHeader: record.warcHeader('WARC-Identified-Content-Language') ?? null,
    contentType: mime,
    text,
    source: crawl
  };
}

function mimeOf(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}

/** Common Crawl names its crawl in warcinfo's `isPartOf: CC-MAIN-2024-10`. */
async function crawlOf(record: WARCRecord): Promise<string> {
  const text = await record.contentText().catch(() => '');
  const m = /^isPartOf:\s*([A-Za-z0-9_.-]{1,64})\s*$/m.exec(text);
  return m?.[1] ? m[1].toLowerCase() : 'warc';
}

/** Elements whose content is never page text. */
const HIDDEN = new Set(['script', 'style', 'noscript', 'template']);

/**
 * Visible text of an HTML page: htmlparser2 reads the markup (attributes may hold `>`, scripts
 * may hold `<`) and decodes every HTML entity, named or numeric; script, style, noscript and
 * template content and comments are left out, and every tag separates words. Enough to count
 * tokens and find marker words; Common Crawl's WET files carry its own extraction, which is why
 * they are the recommended input.
 */
export function htmlText(html: string): string {
  const parts: string[] = [];
  let hidden = 0;
  const parser = new Parser(
    {
      onopentag(name) {
        if (HIDDEN.has(name)) hidden++;
        parts.push(' ');
      },
      onclosetag(name) {
        if (HIDDEN.has(name) && hidden > 0) hidden--;
        parts.push(' ');
      },
      ontext(text) {
        if (hidden === 0) parts.push(text);
      }
    },
    { decodeEntities: true }
  );
  parser.write(html);
  parser.end();
  return parts.join('').replace(/\s+/g, ' ').trim();
}

// One crawl file or body from records to rows: read, make documents, write in batches. The
// importer skips broken records and says why; the HTTP endpoint refuses a body with any.
import { toDocument, type CrawlDocument } from './document';
import type { MarkerGroup } from './markers';
import { isBroken, readWarc, type ReadOptions, type SkipReason } from './records';
import type { WriteResult } from './writer';

/** Where documents go: the database (CrawlDocumentWriter) or a running server. */
type DocumentSink = (docs: CrawlDocument[]) => Promise<WriteResult>;

export interface WarcSummary {
  /** Records in the stream, warcinfo and requests included. */
  records: number;
  /** Text records that became documents (written now or before). */
  documents: number;
  accepted: number;
  /** Documents whose WARC-Record-ID was imported before. */
  duplicates: number;
  skipped: Partial<Record<SkipReason, number>>;
  /** Where documents' languages came from. */
  languages: { header: number; detected: number };
  /** Documents a marker group covered, and how many of those held a marker word. */
  scanned: number;
  marker_docs: number;
}

interface WarcRunOptions extends ReadOptions {
  /** 'refuse': the first broken record throws and nothing is written. 'skip': broken records are counted and left out. */
  broken: 'refuse' | 'skip';
  /** Documents per write; ignored with broken = 'refuse' (one write for the whole body). @default 2000 */
  batch?: number;
  /** Keep each document's text until it is written (a detector reads it); else drop it after the scan. */
  keepText: boolean;
  /** Called after each write with the running summary. */
  onBatch?: (s: WarcSummary) => void;
}

/** A broken record in a body that must go in whole: what, where. */
export class WarcRecordError extends Error {
  override name = 'WarcRecordError';
  constructor(
    readonly record: number,
    readonly reason: SkipReason,
    detail: string
  ) {
    super(`record ${record}: ${reason.replace(/_/g, ' ')}: ${detail}`);
  }
}

export async function ingestWarc(
  source: AsyncIterable<Uint8Array>,
  sink: DocumentSink,
  markers: MarkerGroup,
  opts: WarcRunOptions
): Promise<WarcSummary> {
  const s: WarcSummary = {
    records: 0,
    documents: 0,
    accepted: 0,
    duplicates: 0,
    skipped: {},
    languages: { header: 0, detected: 0 },
    scanned: 0,
    marker_docs: 0
  };
  const size = opts.broken === 'refuse' ? Infinity : (opts.batch ?? 2000);
  let pending: CrawlDocument[] = [];
  const flush = async () => {
    if (pending.length === 0) return;
    const r = await sink(pending);
    s.accepted += r.accepted;
    s.duplicates += r.duplicates;
    pending = [];
    opts.onBatch?.(s);
  };
  const skip = async (index: number, reason: SkipReason, detail: string) => {
    if (opts.broken === 'refuse' && isBroken(reason)) throw new WarcRecordError(index, reason, detail);
    s.skipped[reason] = (s.skipped[reason] ?? 0) + 1;
  };
  for await (const item of readWarc(source, opts)) {
    // A stream that broke mid-way ends with an item that is not a record of the file.
    if (item.kind === 'text' || (item.reason !== 'truncated_gzip' && item.reason !== 'too_large'))
      s.records = Math.max(s.records, item.index);
    if (item.kind === 'skip') {
      await skip(item.index, item.reason, item.detail);
      continue;
    }
    const doc = toDocument(item, markers);
    if ('skip' in doc) {
      await skip(item.index, doc.skip, doc.detail);
      continue;
    }
    if (!opts.keepText) doc.text = '';
    s.documents++;
    s.languages[doc.langFrom]++;
    if (doc.markers !== null) {
      s.scanned++;
      if (doc.markers.anywhere) s.marker_docs++;
    }
    pending.push(doc);
    if (pending.length >= size) await flush();
  }
  await flush();
  return s;
}

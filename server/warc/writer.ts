// Writes crawl-file documents exactly once per WARC-Record-ID: crawl rows through the same
// IngestPipeline as POST /api/ingest/crawl (same row checks, same all-or-nothing insert), then
// the record register with each document's marker-word outcome, which feeds the rollup.
import { createHash } from 'node:crypto';
import type { Engine } from '../engine/engine';
import { IdempotencyConflict, type IngestPipeline } from '../ingest/pipeline';
import { scoreDocuments } from './detector';
import type { CrawlDocument } from './document';

export interface WriteResult {
  /** Documents written now. */
  accepted: number;
  /** Documents whose record id was imported before (or came twice in this batch): not written again. */
  duplicates: number;
}

const LOOKUP_CHUNK = 10_000;
const RECORD_COLUMNS = ['record_id', 'ts', 'lang', 'scanned', 'has_marker', 'windowed', 'marker_years'] as const;

export class CrawlDocumentWriter {
  constructor(
    private readonly engine: Engine,
    private readonly pipeline: IngestPipeline,
    private readonly detectorUrl: string | undefined,
    /** Called once the marker outcomes are on disk: the marker panel reads them, not the crawl rows. */
    private readonly onRegistered: () => void = () => {}
  ) {}

  /** Record ids of `ids` already imported. */
  async known(ids: string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (let i = 0; i < ids.length; i += LOOKUP_CHUNK) {
      const rows = await this.engine.rows<{ record_id: string }>(
        'SELECT DISTINCT record_id FROM crawl_records WHERE record_id IN {ids:Array(String)}',
        { tag: 'warc.known', params: { ids: ids.slice(i, i + LOOKUP_CHUNK) } }
      );
      for (const r of rows) out.add(r.record_id);
    }
    return out;
  }

  /**
   * Writes the documents not imported before. A crash between the two inserts leaves crawl rows
   * without their register rows; the retry finds the records unregistered, sends the same crawl
   * batch under the same derived Idempotency-Key (answered from the first attempt's record, or
   * dropped by the deduplication token), then registers them: no document counted twice.
   */
  async write(docs: readonly CrawlDocument[], source: string): Promise<WriteResult> {
    const seen = new Set<string>();
    const unique = docs.filter((d) => !seen.has(d.recordId) && seen.add(d.recordId));
    const known = await this.known(unique.map((d) => d.recordId));
    const fresh = unique.filter((d) => !known.has(d.recordId));
    const duplicates = docs.length - fresh.length;
    if (fresh.length === 0) return { accepted: 0, duplicates };
    if (this.detectorUrl) await scoreDocuments(this.detectorUrl, fresh);

    const ids = createHash('sha256');
    for (const d of [...fresh].sort((a, b) => (a.recordId < b.recordId ? -1 : 1))) ids.update(`${d.recordId}\n`);
    const digest = ids.digest('hex');
    const body = fresh.map((d) => JSON.stringify(d.row)).join('\n');
    try {
      await this.pipeline.write('crawl', body, { idempotencyKey: `warc-records-${digest}`, source });
    } catch (e) {
      // The same records were written before with other scores (a detector that is not
      // deterministic): the crawl rows of that first write stand; register the records below.
      if (!(e instanceof IdempotencyConflict)) throw e;
    }
    const register = fresh
      .map((d) =>
        JSON.stringify({
          record_id: d.recordId,
          ts: d.row.ts,
          lang: d.row.lang,
          scanned: d.markers === null ? 0 : 1,
          has_marker: d.markers?.anywhere === true ? 1 : 0,
          windowed: d.markers?.windowed === true ? 1 : 0,
          marker_years: d.markers?.years ?? []
        })
      )
      .join('\n');
    await this.engine.insertJsonEachRow('crawl_records', RECORD_COLUMNS, Buffer.from(register), {
      tag: `warc.register ${source}`,
      dedupToken: `warc-register-${digest}`
    });
    this.onRegistered();
    return { accepted: fresh.length, duplicates };
  }
}

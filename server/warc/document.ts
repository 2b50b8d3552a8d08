// A text record of a crawl file made into a crawl row (the ingest contract's fields) and the
// outcome of its marker-word scan.
import { franc } from 'franc-min';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { iso6393To1 } from 'iso-639-3';
import { ROW_SPECS, RowError } from '../ingest/rows';
import { siteOf } from '../lib/site';
import type { MarkerGroup, MarkerScan } from './markers';
import type { SkipReason, TextRecord } from './records';

/** A crawl row as the crawl stream takes it (docs/INGEST.md). */
export interface CrawlRow {
  ts: string;
  url: string;
  domain: string;
  tld: string;
  lang: string;
  content_type: string;
  crawl_source: string;
  tokens: number;
  provenance: 'human' | 'ai' | 'mixed' | 'unknown';
  ai_score?: number;
  detector?: string;
}

export interface CrawlDocument {
  recordId: string;
  row: CrawlRow;
  /** The marker-word scan; null: the language has no marker group, so the document was not scanned. */
  markers: MarkerScan | null;
  /** Kept until a detector has seen it; never stored. */
  text: string;
  /** Where the language came from, for the import report. */
  langFrom: 'header' | 'detected';
}

type DocumentOutcome = CrawlDocument | { skip: SkipReason; detail: string };

/** How much text language identification reads: enough for a stable answer, bounded cost. */
const LANG_SAMPLE_CHARS = 2000;

export function toDocument(rec: TextRecord, markers: MarkerGroup): DocumentOutcome {
  const site = /^[a-z]+[a-z0-9+.-]*:\/\//i.test(rec.url) ? siteOf(rec.url) : null;
  if (!site) {
    return { skip: 'bad_url', detail: `record ${rec.recordId}: WARC-Target-URI ${JSON.stringify(rec.url.slice(0, 200))} has no host` };
  }
  // The one definition of a document's site, shared with NDJSON ingest (server/lib/site.ts).
  const { domain, tld } = site;
  const { lang, from } = languageOf(rec);
  const ts = new Date(Date.parse(rec.date)).toISOString();
  const row: CrawlRow = {
    ts,
    url: rec.url,
    domain,
    tld,
    lang,
    content_type: rec.contentType,
    crawl_source: rec.source,
    tokens: countTokens(rec.text),
    provenance: 'unknown'
  };
  // The crawl stream's own checks, here per record: one bad record is skipped with its reason
  // instead of failing the batch it would travel in.
  try {
    ROW_SPECS.crawl.check(row as unknown as Record<string, unknown>, JSON.stringify(row));
  } catch (e) {
    if (e instanceof RowError) return { skip: 'invalid_field', detail: `record ${rec.recordId}: ${e.message}` };
    throw e;
  }
  return {
    recordId: rec.recordId,
    row,
    markers: markers.scan(rec.text, lang),
    text: rec.text,
    langFrom: from
  };
}

/**
 * ISO 639-1 where one exists (the codes the other streams use), else the 639-3 code. The
 * record's own header wins (Common Crawl runs CLD2 on the page and lists languages by share);
 * without one, franc-min guesses from the text, and `und` means it could not tell.
 */
export function languageOf(rec: Pick<TextRecord, 'langHeader' | 'text'>): { lang: string; from: 'header' | 'detected' } {
  const first = rec.langHeader?.split(',')[0]?.trim().toLowerCase();
  if (first && /^[a-z]{3}$/.test(first)) return { lang: toIso1(first), from: 'header' };
  if (first && /^[a-z]{2}$/.test(first)) return { lang: first, from: 'header' };
  const guess = franc(rec.text.slice(0, LANG_SAMPLE_CHARS));
  return { lang: guess === 'und' ? 'und' : toIso1(guess), from: 'detected' };
}

function toIso1(code3: string): string {
  return (iso6393To1 as Record<string, string | undefined>)[code3] ?? code3;
}

// Pure: shared by the pages and the server's report.
import { PANEL_IDS, type PanelId } from '../contract/panels';

interface DomainDef {
  id: string;
  /** How many of three columns the section takes on the overview. */
  span: number;
  title: string;
  blurb: string;
  /**
   * Published panels the overview shows inside this section, each right after the simulated
   * panel it is the real counterpart of: measured data beside simulated where they meet.
   */
  beside?: Partial<Record<PanelId, PanelId>>;
}

/** The overview's sections in reading order: published, measured data first. */
export const DOMAINS: readonly DomainDef[] = [
  {
    id: 'published',
    span: 3,
    title: 'Published data',
    blurb: "Measured series from their publishers, each with its citation: Common Crawl's crawls, languages and top-level domains."
  },
  {
    id: 'provenance',
    span: 3,
    title: 'Crawled-content provenance',
    blurb:
      'Who wrote the text a crawler fetches: human, AI, mixed or unknown as labelled, and the LLM share measured from the text; beside it, a measured trace of LLM-written text in science.',
    beside: { 'provenance.ai_share': 'published.llm_words' }
  },
  {
    id: 'market',
    span: 3,
    title: 'Freelance market',
    blurb:
      "Postings, budgets and bids on freelance platforms, against the pre-ChatGPT baseline; beside it, Indeed's postings in the nearest sectors.",
    beside: { 'market.postings_index': 'published.job_postings' }
  },
  { id: 'diversity', span: 2, title: 'Model diversity', blurb: 'What recursively trained models lose, generation by generation.' },
  { id: 'training', span: 1, title: 'Training data', blurb: 'How large the largest datasets are and how fast they grow.' },
  { id: 'forecast', span: 3, title: 'Peak-data forecast', blurb: 'When the largest training dataset reaches the stock of human text.' }
];

/** 'market.rates' → 'market'. */
export function domainOf(id: string): string {
  return id.slice(0, id.indexOf('.'));
}

/** Published panels another section shows beside their simulated counterpart. */
const SHOWN_BESIDE = new Set<PanelId>(DOMAINS.flatMap((d) => Object.values(d.beside ?? {})));

/** The panels of one overview section, in order: its own, each followed by what sits beside it. */
export function sectionPanels(domain: DomainDef): PanelId[] {
  return PANEL_IDS.filter((id) => domainOf(id) === domain.id && !SHOWN_BESIDE.has(id)).flatMap((id) => {
    const next = domain.beside?.[id];
    return next ? [id, next] : [id];
  });
}
/**
 * What an empty panel means when it is not the window's fault: panels fed only by one kind of
 * input say which. Others get the generic "widen the window" hint.
 */
const EMPTY_HINTS: Partial<Record<string, string>> = {
  'provenance.marker_words':
    'No crawl files in this window. The marker-word estimate is measured from the text of imported WARC/WET files (npm run import -- crawl), not from labelled rows; documents shorter than 200 words are not counted.'
};

/**
 * What an empty panel says. When none of its streams has ever received a row (a server started
 * with SIMULATE=off before any producer), widening the window cannot help: it names the stream
 * and where sending data is described. Otherwise the panel's own hint, or the general one.
 */
export function emptyHint(panel: string, streams: readonly string[], rowsOf: ((stream: string) => number | undefined) | null): string {
  const own = EMPTY_HINTS[panel];
  if (own) return own;
  const counts = rowsOf ? streams.map((s) => rowsOf(s)) : [];
  if (streams.length > 0 && counts.length === streams.length && counts.every((n) => n === 0)) {
    const names = streams.map((s) => `“${s}”`).join(' and ');
    const post = streams.map((s) => `POST /api/ingest/${s}`).join(' or ');
    return `Nothing has been sent on the ${names} stream${streams.length > 1 ? 's' : ''} yet. Producers send rows with ${post} (docs/INGEST.md); files go in with npm run import (docs/IMPORT.md).`;
  }
  return 'No data in this window. Widen the time range or remove a filter.';
}

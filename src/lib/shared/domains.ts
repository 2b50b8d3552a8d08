// Pure: shared by the pages and the server's report.

/** The overview's sections in reading order; `span` is how many of three columns each takes. */
export const DOMAINS = [
  {
    id: 'provenance',
    span: 3,
    title: 'Crawled-content provenance',
    blurb: 'Who wrote the text a crawler fetches: human, AI, mixed or unknown as labelled, and the LLM share measured from the text.'
  },
  {
    id: 'market',
    span: 3,
    title: 'Freelance market',
    blurb: 'Postings, budgets and bids on freelance platforms, against the pre-ChatGPT baseline.'
  },
  { id: 'diversity', span: 2, title: 'Model diversity', blurb: 'What recursively trained models lose, generation by generation.' },
  { id: 'training', span: 1, title: 'Training data', blurb: 'How large the largest datasets are and how fast they grow.' },
  { id: 'forecast', span: 3, title: 'Peak-data forecast', blurb: 'When the largest training dataset reaches the stock of human text.' }
] as const;

/** 'market.rates' → 'market'. */
export function domainOf(id: string): string {
  return id.slice(0, id.indexOf('.'));
}

/**
 * What an empty panel means when it is not the window's fault: panels fed only by one kind of
 * input say which. Others get the generic "widen the window" hint.
 */
export const EMPTY_HINTS: Partial<Record<string, string>> = {
  'provenance.marker_words':
    'No crawl files in this window. The marker-word estimate is measured from the text of imported WARC/WET files (npm run import -- crawl), not from labelled rows.'
};

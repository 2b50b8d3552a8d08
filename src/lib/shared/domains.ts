// Pure: shared by the pages and the server's report.

/** The overview's sections in reading order; `span` is how many of three columns each takes. */
export const DOMAINS = [
  {
    id: 'provenance',
    span: 3,
    title: 'Crawled-content provenance',
    blurb: 'Who wrote the text a crawler fetches: human, AI, mixed or unknown.'
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

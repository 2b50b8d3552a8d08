// Where a figure comes from. Shared by the panel catalogue, the forecast's assumptions, downloads
// and the report, so every face names origins with the same four words.

/**
 * - `published`: numbers a third party published (a paper's inputs, a publisher's series), as
 *   published.
 * - `measured`: computed by this project from real rows (a trend fitted to training runs, the
 *   marker-word estimate over crawl files, a share over ingested crawl rows).
 * - `ingested`: rows real producers or imports sent, shown as sent.
 * - `simulated`: anything computed from at least one row the built-in simulator wrote.
 */
export const ORIGINS = ['published', 'measured', 'ingested', 'simulated'] as const;
export type Origin = (typeof ORIGINS)[number];

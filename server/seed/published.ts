// Loads the published series the project ships (clickhouse/seed/series/, README there) through
// the ingest pipeline, with the same recipes, batches and Idempotency-Keys as `npm run import`:
// the server runs it at every start, whatever SIMULATE says (these are real data), and a file
// already in costs one lookup per batch. Parsed in Node, so it works against a ClickHouse server.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IngestPipeline } from '../ingest/pipeline';
import { projectRoot } from '../paths';
import { planBatches } from '../import/plan';
import { convertSeriesCsv } from '../import/series/convert';

export const PUBLISHED_SERIES_FILES = [
  'clickhouse/seed/series/commoncrawl/crawlsize_monthly.csv',
  'clickhouse/seed/series/commoncrawl/languages_top12_selected_crawls.csv',
  'clickhouse/seed/series/commoncrawl/tld_selected_by_year.csv',
  'clickhouse/seed/series/kobak/figure1_word_frequency_by_year.csv',
  'clickhouse/seed/series/indeed/job_postings_by_sector_US_2024-09-27.csv'
] as const;

export interface PublishedLoad {
  file: string;
  recipe: string;
  records: number;
  rows: number;
  /** Rows written now; 0 when an earlier start had loaded the file. */
  imported: number;
  skipped: Record<string, number>;
}

export async function loadPublishedSeries(pipeline: IngestPipeline): Promise<PublishedLoad[]> {
  const out: PublishedLoad[] = [];
  for (const file of PUBLISHED_SERIES_FILES) {
    const bytes = readFileSync(join(projectRoot(), file));
    const sha = createHash('sha256').update(bytes).digest('hex');
    const conv = convertSeriesCsv(bytes.toString('utf8'), file, {});
    if (!conv) throw new Error(`${file}: no recipe reads it`);
    let imported = 0;
    for (const b of planBatches('series', conv.rows, sha)) {
      const r = await pipeline.write('series', b.body, { idempotencyKey: b.key, source: 'published' });
      if (!r.replayed) imported += r.accepted;
    }
    out.push({ file, recipe: conv.recipe, records: conv.records, rows: conv.rows.length, imported, skipped: conv.skipped });
  }
  return out;
}

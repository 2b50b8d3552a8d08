// The SQL behind the live forecast defaults: the training runs the demand trend is fitted to, the
// provenance of newly crawled tokens the stock growth is discounted by, and a cheap fingerprint
// that says whether the training table changed. Values reach SQL only as bound parameters.
import { trainingRowProblem, type LeftOutRows } from '../../src/lib/contract/bounds';
import type { Engine } from '../engine/engine';
import { partitionRows } from '../engine/left-out';

/** One published training run, as the demand trend sees it. */
export interface TrainingRunRow {
  model: string;
  /** Epoch ms of the publication date (UTC midnight). */
  published: number;
  training_tokens: number;
  /** Reported training compute in FLOP, when the source gives it. */
  compute_flop: number | null;
  source: string;
}

/**
 * Training runs published in [fromDay, toDay] (YYYY-MM-DD, inclusive). FINAL because
 * training_runs is a ReplacingMergeTree keyed on the model: an unmerged older import of a model
 * must not count as a second run.
 */
export async function readTrainingRuns(
  engine: Engine,
  fromDay: string,
  toDay: string
): Promise<{ runs: TrainingRunRow[]; leftOut: LeftOutRows | null }> {
  const rows = await engine.rows<{
    model: string;
    published: number | string;
    training_tokens: number | null;
    parameters: number | null;
    compute_flop: number | null;
    source: string;
  }>(
    `SELECT model, toInt64(toUnixTimestamp(toDateTime(published, 'UTC'))) * 1000 AS published, training_tokens, parameters,
            compute_flop, source
     FROM training_runs FINAL
     WHERE published >= toDate({from:String}) AND published <= toDate({to:String})
     ORDER BY published, model`,
    { tag: 'forecast.live.training', params: { from: fromDay, to: toDay } }
  );
  // A run beyond what a training run can be (stored before ingest bounded it) would make the
  // fitted lognormals infinite: it is left out and named, never fitted.
  const { kept, left } = partitionRows('training_runs', rows, trainingRowProblem, (r) => r.model);
  const runs = kept.map((r) => ({
    model: r.model,
    published: Number(r.published),
    training_tokens: Number(r.training_tokens),
    compute_flop: r.compute_flop === null ? null : Number(r.compute_flop),
    source: r.source
  }));
  return { runs, leftOut: left };
}

/** Tokens of newly crawled documents by provenance class over a window. */
export interface CrawlProvenance {
  /** First and last day counted (YYYY-MM-DD, inclusive). */
  from: string;
  to: string;
  human: number;
  ai: number;
  mixed: number;
  unknown: number;
  /** Span of the simulator's crawl rows (epoch ms), null when it wrote none: decides the share's origin. */
  simulated: { from: number; to: number } | null;
}

/**
 * Token counts by provenance over [fromDay, toDay], from the daily rollup: the same counts the
 * provenance.ai_share panel sums per period (its `tokens` and token shares), over one window.
 * The rollup holds a few hundred rows a day whatever the crawl volume, so this stays a few ms.
 */
export async function readCrawlProvenance(engine: Engine, fromDay: string, toDay: string): Promise<CrawlProvenance> {
  const [[row], [sim]] = await Promise.all([
    engine.rows<{ human: number; ai: number; mixed: number; unknown: number }>(
      `SELECT
       sumIf(tokens, provenance = 'human') AS human,
       sumIf(tokens, provenance = 'ai') AS ai,
       sumIf(tokens, provenance = 'mixed') AS mixed,
       sumIf(tokens, provenance = 'unknown') AS unknown
     FROM crawl_daily
     WHERE day >= toDate({from:String}) AND day <= toDate({to:String})`,
      { tag: 'forecast.live.crawl', params: { from: fromDay, to: toDay } }
    ),
    // crawl_daily has no origin column; stream_origins (a handful of rows) says where the
    // simulator's rows lie, the same span the panels' tags are decided by.
    engine.rows<{ rows: number; first: number; last: number }>(
      `SELECT sum(rows) AS rows, toUnixTimestamp64Milli(min(first_ts)) AS first, toUnixTimestamp64Milli(max(last_ts)) AS last
       FROM stream_origins WHERE stream = 'crawl' AND origin = 'simulator'`,
      { tag: 'forecast.live.crawl.origins' }
    )
  ]);
  return {
    from: fromDay,
    to: toDay,
    human: Number(row?.human ?? 0),
    ai: Number(row?.ai ?? 0),
    mixed: Number(row?.mixed ?? 0),
    unknown: Number(row?.unknown ?? 0),
    simulated: Number(sim?.rows ?? 0) > 0 ? { from: Number(sim?.first), to: Number(sim?.last) } : null
  };
}

/**
 * Changes whenever rows are written to training_runs: the count of stored row versions and the
 * latest import time. A background merge may lower the count without a change of data, which
 * only costs one needless recompute. Reading it is one tiny query, so every server behind a load
 * balancer notices an import made through any of them.
 */
export async function readTrainingFingerprint(engine: Engine): Promise<string> {
  const [row] = await engine.rows<{ n: number; last: number }>(
    'SELECT count() AS n, toUnixTimestamp64Milli(max(imported_at)) AS last FROM training_runs',
    { tag: 'forecast.live.fingerprint' }
  );
  return `${Number(row?.n ?? 0)}:${Number(row?.last ?? 0)}`;
}

// Fills an empty database with history: crawl documents and market postings generated inside
// ClickHouse (INSERT ... SELECT FROM numbers, a year per insert), model samples from the collapse
// simulation, and the published training runs. Same seed and range give the same rows.
import type { Engine } from '../engine/engine';
import { backfillCrawl } from './backfill-crawl';
import { backfillMarket } from './backfill-market';
import { backfillSamples } from './backfill-samples';
import { yearChunks } from './chunks';
import { seedTrainingRuns } from './training-seed';

export interface BackfillOptions {
  /** @default 2020-01-01 */
  from?: Date;
  /** @default now */
  to?: Date;
  /** Any integer 0..2^32-1. @default 1 */
  seed?: number;
  /**
   * Awaited before each statement: the server passes the hub's readsFirst, so screens get
   * their first answers between the backfill's statements instead of after all of them.
   * @default none: statements run back to back
   */
  turn?: () => Promise<void>;
}

export interface BackfillCounts {
  crawl: number;
  market: number;
  samples: number;
  training: number;
}

export const DEFAULT_FROM = new Date('2020-01-01T00:00:00Z');

export async function backfill(db: Engine, opts: BackfillOptions = {}): Promise<BackfillCounts> {
  const engine = opts.turn ? takingTurns(db, opts.turn) : db;
  const fromMs = (opts.from ?? DEFAULT_FROM).getTime();
  const toMs = (opts.to ?? new Date()).getTime();
  const seed = opts.seed ?? 1;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new RangeError(`seed must be an integer in 0..2^32-1, got ${seed}`);
  const chunks = yearChunks(fromMs, toMs);

  const crawl = await backfillCrawl(engine, chunks, seed);
  await backfillMarket(engine, chunks, seed, toMs);
  // Thinning decides in SQL which candidates are kept, so the count is read back.
  const [kept] = await engine.rows<{ n: string | number }>(
    "SELECT count() AS n FROM market_postings WHERE ts >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND ts < fromUnixTimestamp64Milli({to:Int64}, 'UTC')",
    { tag: 'simulate.backfill.market_count', params: { from: fromMs, to: toMs } }
  );
  const samples = await backfillSamples(engine, fromMs, toMs, seed);
  const training = await seedTrainingRuns(engine, toMs);
  return { crawl, market: Number(kept?.n ?? 0), samples, training: training.inserted };
}

/** The engine with `turn` awaited before every statement the backfill sends. */
function takingTurns(engine: Engine, turn: () => Promise<void>): Engine {
  return {
    ...engine,
    rows: async <T>(sql: string, o: Parameters<Engine['rows']>[1]) => {
      await turn();
      return engine.rows<T>(sql, o);
    },
    command: async (sql, o) => {
      await turn();
      return engine.command(sql, o);
    },
    insertJsonEachRow: async (table, columns, body, o) => {
      await turn();
      return engine.insertJsonEachRow(table, columns, body, o);
    }
  };
}

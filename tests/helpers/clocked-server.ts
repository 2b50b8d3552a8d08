import { runPanel } from '../../server/panels/run';
import type { ManualClock } from './manual-clock';
import { crawlRow, ingest, startServer, type TestServer } from './server';

/**
 * A real server whose live layer runs on a manual clock. With `afterQuery`, each live query runs
 * the real panel SQL and then calls it, so a test can say how long a query "takes" by moving the
 * clock there; without it, queries take no time by that clock.
 */
export async function startClockedServer(
  clock: ManualClock,
  opts: { dirtyDelayMs: number; afterQuery?: () => void; concurrency?: number; env?: Record<string, string> }
): Promise<TestServer> {
  const { afterQuery } = opts;
  const s: TestServer = await startServer({
    ...(opts.env ? { env: opts.env } : {}),
    app: {
      hub: {
        now: clock.now,
        timers: clock,
        dirtyDelayMs: opts.dirtyDelayMs,
        ...(opts.concurrency === undefined ? {} : { concurrency: opts.concurrency }),
        ...(afterQuery
          ? {
              run: async (def, view, tag) => {
                const rows = await runPanel(s.app.engine, undefined, def, view, tag);
                afterQuery();
                return rows;
              }
            }
          : {})
      }
    }
  });
  return s;
}

/**
 * Writes crawl rows at the given times through the ingest API, numbered on across calls; the
 * language rotates through `langs` when given, and `over` sets fields of every row. Throws when
 * the server does not take them.
 */
export function crawlWriter(s: () => TestServer, langs?: readonly string[]) {
  let rowNo = 0;
  return async (times: number[], over: Record<string, unknown> = {}): Promise<void> => {
    const rows = times.map((ts) => {
      const i = rowNo++;
      return crawlRow(i, { ts, ...(langs ? { lang: langs[i % langs.length] } : {}), ...over });
    });
    const r = await ingest(s().url, 'crawl', rows);
    if (r.status !== 200) throw new Error(`ingest answered ${r.status}: ${JSON.stringify(r.body)}`);
  };
}

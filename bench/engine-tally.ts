// What one panel answer costs the engine, from the engine's own cumulative counters
// (system.events): SELECT queries run, rows read after partition and key pruning (SelectedRows,
// what query_log's read_rows sums; chDB keeps no query_log) and the CPU time of the engine's
// query threads. The benchmark process's CPU time less the engine's is Node's: building the
// query, parsing the JSON answer, the result check (usable.ts).
import type { Engine } from '../server/engine/engine';

export interface Tally {
  queries: number;
  readRows: number;
  engineCpuMs: number;
}

const EVENTS = ['SelectQuery', 'SelectedRows', 'UserTimeMicroseconds', 'SystemTimeMicroseconds'] as const;

async function counters(engine: Engine): Promise<Tally> {
  const rows = await engine.rows<{ event: string; value: number }>(
    `SELECT event, value FROM system.events WHERE event IN (${EVENTS.map((e) => `'${e}'`).join(', ')})`,
    { tag: 'bench.events' }
  );
  const v = (e: (typeof EVENTS)[number]) => Number(rows.find((r) => r.event === e)?.value ?? 0);
  return {
    queries: v('SelectQuery'),
    readRows: v('SelectedRows'),
    engineCpuMs: (v('UserTimeMicroseconds') + v('SystemTimeMicroseconds')) / 1000
  };
}

const minus = (a: Tally, b: Tally): Tally => ({
  queries: a.queries - b.queries,
  readRows: a.readRows - b.readRows,
  engineCpuMs: a.engineCpuMs - b.engineCpuMs
});

/**
 * The engine's counters over `fn`, less what reading the counters itself adds (measured as the
 * difference between two back-to-back reads). Run alone: any other query in the process counts.
 */
export async function tally(engine: Engine, fn: () => Promise<unknown>): Promise<Tally> {
  const a = await counters(engine);
  const b = await counters(engine);
  const self = minus(b, a);
  await fn();
  const c = await counters(engine);
  const d = minus(c, b);
  return {
    queries: d.queries - self.queries,
    readRows: Math.max(0, d.readRows - self.readRows),
    engineCpuMs: Math.max(0, d.engineCpuMs - self.engineCpuMs)
  };
}

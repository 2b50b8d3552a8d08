// Stored rows the reads had to leave out, per reader (the forecast's inputs, a panel), kept beside
// the engine they were read from so /api/health can name them without reading the tables again.
// A reader's next read that finds nothing bad clears its entry: fixing or replacing the bad rows
// clears the warning.
import type { LeftOutRows } from '../../src/lib/contract/bounds';
import type { Engine } from './engine';

class LeftOutRegistry {
  /** Per reader, per check (the reader's own check of what it reads, the panels' check of results). */
  private readonly byReader = new Map<string, Map<string, LeftOutRows>>();

  /** What the latest read by `reader` left out in `check` (null: nothing). */
  record(reader: string, left: LeftOutRows | null, check = 'rows'): void {
    const checks = this.byReader.get(reader);
    if (left) {
      if (checks) checks.set(check, left);
      else this.byReader.set(reader, new Map([[check, left]]));
      return;
    }
    checks?.delete(check);
    if (checks?.size === 0) this.byReader.delete(reader);
  }

  /** What the latest reads by `reader` left out, every check's (empty: nothing). */
  get(reader: string): LeftOutRows[] {
    return [...(this.byReader.get(reader)?.values() ?? [])];
  }

  /** Every reader's latest leftovers, with the reader named. */
  list(): (LeftOutRows & { reader: string })[] {
    return [...this.byReader].flatMap(([reader, checks]) => [...checks.values()].map((left) => ({ reader, ...left })));
  }
}

const registries = new WeakMap<Engine, LeftOutRegistry>();

/** The registry of one engine (one per process in production, one per test server). */
export function leftOutFor(engine: Engine): LeftOutRegistry {
  let r = registries.get(engine);
  if (!r) {
    r = new LeftOutRegistry();
    registries.set(engine, r);
  }
  return r;
}

/** Sorts rows into the usable and the left out, by `problem`; at most five keys are named. */
export function partitionRows<T>(
  table: string,
  rows: readonly T[],
  problem: (r: T) => string | null,
  key: (r: T) => string
): { kept: T[]; left: LeftOutRows | null } {
  const kept: T[] = [];
  let left: LeftOutRows | null = null;
  for (const r of rows) {
    const why = problem(r);
    if (why === null) {
      kept.push(r);
      continue;
    }
    left ??= { table, rows: 0, reason: why, examples: [] };
    left.rows++;
    if (left.examples.length < 5) left.examples.push(key(r));
  }
  return { kept, left };
}

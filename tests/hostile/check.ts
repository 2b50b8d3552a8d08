// What every hostile request must get: no 5xx, a 4xx whose body says what is wrong (the line and
// field of a bad row, the parameter of a bad query), and no change to stored rows after a refusal.
import type { Engine } from '../../server/engine/engine';

export interface Outcome {
  status: number;
  body: Record<string, unknown> | null;
  text: string;
}

/** Tallies of what the hostile requests got, for the report. */
export class Tally {
  readonly byStatus = new Map<number, number>();
  cases = 0;
  add(status: number): void {
    this.cases++;
    this.byStatus.set(status, (this.byStatus.get(status) ?? 0) + 1);
  }
  toJSON(): Record<string, number> {
    return Object.fromEntries([...this.byStatus].sort(([a], [b]) => a - b).map(([s, n]) => [String(s), n]));
  }
}

export async function request(url: string, init: RequestInit = {}): Promise<Outcome> {
  const res = await fetch(url, init);
  const text = await res.text();
  let body: Record<string, unknown> | null = null;
  if ((res.headers.get('content-type') ?? '').startsWith('application/json')) body = JSON.parse(text) as Record<string, unknown>;
  return { status: res.status, body, text };
}

/** Rows in every raw table and the idempotency record: what a refusal must leave as it was. */
export async function rowCounts(engine: Engine): Promise<string> {
  const rows = await engine.rows<{ t: string; n: number }>(
    `SELECT 'crawl' AS t, count() AS n FROM crawl_documents UNION ALL SELECT 'market', count() FROM market_postings
     UNION ALL SELECT 'samples', count() FROM model_samples UNION ALL SELECT 'training', count() FROM training_runs
     UNION ALL SELECT 'daily', sum(docs) FROM crawl_daily UNION ALL SELECT 'requests', count() FROM ingest_requests`,
    { tag: 'test.hostile.counts' }
  );
  return rows
    .map((r) => `${r.t}=${Number(r.n)}`)
    .sort()
    .join(' ');
}

/** Throws with the case and the answer when an answer breaks the rules; returns it otherwise. */
export function expectSound(o: Outcome, what: string, opts: { rowProblem?: boolean; param?: boolean } = {}): Outcome {
  const fail = (why: string) => new Error(`${why}\n  case: ${what}\n  answer: ${o.status} ${o.text.slice(0, 400)}`);
  if (o.status >= 500) throw fail('server error for hostile input');
  if (o.status === 0 || o.status < 200) throw fail('no answer');
  if (o.status >= 400) {
    const error = o.body?.error;
    if (typeof error !== 'string' || error.length < 8) throw fail('a refusal must say what is wrong');
    // The engine refusing what our checks let through is a gap in the checks, not an answer.
    if (/ClickHouse could not read/.test(error)) throw fail('the engine refused a body the checks accepted');
    if (o.status === 400 && opts.rowProblem && /^line \d+/.test(error) && typeof o.body?.line !== 'number')
      throw fail('a bad line must be numbered');
    if (o.status === 400 && opts.param && typeof o.body?.param !== 'string') throw fail('a bad parameter must be named');
  }
  return o;
}

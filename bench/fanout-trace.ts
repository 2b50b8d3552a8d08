// The fan-out benchmark's breakdown: where the time of one measured write goes on its way to
// every socket, from the server's trace (server/lib/trace.ts) and the clients' delivery times.
// Every figure is milliseconds from the start of the write's POST, so the steps read as a
// timeline. The measured view changes only with the benchmark's own postings, so its query and
// the flush after it belong to the write; the insert is the first market write to finish in the
// write's window (the simulator, when on, writes markets too, and may rarely be that one).
import { readTrace, stepAt, type Event, type Step } from './fleet-trace';
import { p50p95, percentile } from './lib';

export interface FanoutStep {
  step: string;
  p50: number;
  p95: number;
  n: number;
}

/** The steps found by name alone; the query's end, and the flush after it that carries the result, follow. */
function steps(key: string): Step[] {
  return [
    // ingest.after names the stream (ingest.inserted only counts rows). Between the two nothing runs for
    // these writes: they carry no idempotency key to record, and nothing is computed after a posting's insert.
    { name: 'rows written (insert acknowledged)', event: 'ingest.after', detail: 'market' },
    { name: "the measured view's query starts", event: 'query.start', detail: key }
  ];
}

/**
 * Each step's p50/p95 over the writes: `writes` are the POST start times (a write's window runs to
 * the next one's start, the last to `end`), `delivered[k]` every socket's delay for write k.
 */
export function fanoutBreakdown(file: string, key: string, writes: number[], end: number, delivered: number[][]): FanoutStep[] {
  const events = readTrace(file);
  const samples = new Map<string, number[]>();
  const add = (name: string, v: number) => samples.set(name, [...(samples.get(name) ?? []), v]);
  writes.forEach((w, k) => {
    const inWindow = events.filter((e) => e.at >= w && e.at < (writes[k + 1] ?? end));
    for (const s of steps(key)) {
      const at = stepAt(inWindow, s);
      if (at !== undefined) add(s.name, at - w);
    }
    const ended = stepAt(inWindow, { name: '', event: 'query.end', detail: key });
    if (ended !== undefined) {
      add("the measured view's query ends", ended - w);
      // The result waits in the socket layer for the pass's others (the pass hold), then goes in one flush.
      const after = (e: Event) => e.at >= ended;
      const start = inWindow.find((e) => e.event === 'flush.start' && after(e));
      const done = inWindow.find((e) => e.event === 'flush.end' && after(e));
      if (start) add('the flush that sends it starts', start.at - w);
      if (done) add('that flush ends', done.at - w);
    }
    const d = delivered[k] ?? [];
    if (d.length > 0) {
      add('applied by the median socket', percentile(d, 0.5));
      add('applied by the last socket', Math.max(...d));
    }
  });
  return [...samples].map(([step, v]) => ({ step, ...p50p95(v), n: v.length }));
}

// The fleet benchmark's breakdown (BENCH_FLEET_TRACE=1): where one write's time goes, from the
// timestamps each server process wrote (server/lib/trace.ts) and the clients' receive times.
// Every figure is milliseconds from the start of the write's POST to the step, so the steps read
// as a timeline; the difference between two steps is the time spent between them.
import { readFileSync } from 'node:fs';
import { p50p95, percentile } from './lib';

export interface Event {
  at: number;
  event: string;
  detail: string;
}

export function readTrace(file: string): Event[] {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [at, event, detail] = l.split(' ');
      return { at: Number(at), event: event ?? '', detail: detail ?? '' };
    });
}

/**
 * A step of a write's way: the trace event that marks it (or any of several, whichever comes
 * first); `last` takes its last time in the write's window, else its first.
 */
export interface Step {
  name: string;
  event: string | readonly string[];
  last?: boolean;
  /** Only events about this (a view key, a stream): the others of the same name are not this step. */
  detail?: string;
}

/** When `step` happened among one write's events (in time order), or undefined when it did not. */
export function stepAt(events: readonly Event[], step: Step): number | undefined {
  const marks = typeof step.event === 'string' ? [step.event] : step.event;
  const hits = events.filter((e) => marks.includes(e.event) && (step.detail === undefined || e.detail === step.detail));
  return (step.last ? hits.at(-1) : hits[0])?.at;
}

/** The steps, in the order a write takes them. */
const STEPS: Step[] = [
  { name: 'insert acknowledged (writer)', event: 'dirty.here' },
  { name: 'change notice received', event: 'notice.recv' },
  { name: 'refresh pass starts (after the dirty delay)', event: 'pass.start' },
  { name: 'lease claim answered', event: 'claim.end' },
  { name: 'first query starts', event: 'query.start' },
  { name: 'last query ends', event: 'query.end', last: true },
  { name: 'last result published to peers', event: 'result.sent', last: true },
  { name: 'first result received from a peer', event: 'result.recv' },
  { name: 'last result received from a peer', event: 'result.recv', last: true },
  { name: 'last view settled (result to the socket layer)', event: 'settle', last: true },
  { name: 'last batch sent to sockets', event: 'flush.end', last: true }
];

export type Breakdown = Record<string, Record<string, { p50: number; p95: number; n: number }>>;

/**
 * Per role (the server that took the writes, the others), each step's p50/p95 over writes × servers.
 * `writes` are the POST start times; a write's window runs to the next write's start (the last to
 * `end`). `delivered[i]` lists, per write, server i's sockets' delays (from the clients).
 */
export function breakdown(traces: Event[][], writes: number[], acks: number[], end: number, delivered: number[][][]): Breakdown {
  const samples = new Map<string, Map<string, number[]>>();
  const add = (role: string, step: string, v: number) => {
    let steps = samples.get(role);
    if (!steps) samples.set(role, (steps = new Map()));
    steps.set(step, [...(steps.get(step) ?? []), v]);
  };
  writes.forEach((w, k) => {
    const until = writes[k + 1] ?? end;
    add('writer', 'POST answered', (acks[k] ?? w) - w);
    traces.forEach((events, i) => {
      const role = i === 0 ? 'writer' : 'peer';
      const inWindow = events.filter((e) => e.at >= w && e.at < until);
      for (const s of STEPS) {
        const at = stepAt(inWindow, s);
        if (at !== undefined) add(role, s.name, at - w);
      }
      // The fleet's own hops, each measured between its two ends rather than from the POST.
      const writer = (traces[0] ?? []).filter((e) => e.at >= w && e.at < until);
      const sentAt = writer.find((e) => e.event === 'dirty.here')?.at;
      const notice = inWindow.find((e) => e.event === 'notice.recv');
      if (i > 0 && sentAt !== undefined && notice) add('hops', 'change notice, writer to peer', notice.at - sentAt);
      let open: number | null = null;
      let claims = 0;
      for (const e of inWindow) {
        if (e.event === 'claim.start') {
          open = e.at;
          claims++;
        } else if (e.event === 'claim.end' && open !== null) {
          add('hops', 'lease claim round trip to Redis', e.at - open);
          open = null;
        } else if (e.event === 'result.recv') {
          const sent = traces
            .flatMap((t, j) => (j === i ? [] : t))
            .filter((x) => x.event === 'result.sent' && x.detail === e.detail && x.at <= e.at && x.at >= w)
            .at(-1);
          if (sent) add('hops', 'shared result, holder to peer', e.at - sent.at);
        }
      }
      add('hops', 'lease claims sent to Redis, per server per write', claims);
      add('hops', 'refresh passes, per server per write', inWindow.filter((e) => e.event === 'pass.start').length);
      const d = delivered[i]?.[k] ?? [];
      if (d.length > 0) {
        add(role, 'client received, median socket', percentile(d, 0.5));
        add(role, 'client received, last socket', Math.max(...d));
      }
    });
  });
  const out: Breakdown = {};
  for (const [role, steps] of samples) {
    out[role] = Object.fromEntries([...steps].map(([step, v]) => [step, { ...p50p95(v), n: v.length }]));
  }
  return out;
}

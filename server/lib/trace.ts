import { appendFileSync } from 'node:fs';

/**
 * Timestamps along one write's way to the screens (body read, rows checked, insert, change
 * notice, lease claim, query, shared result, send to sockets), for the benchmarks' breakdowns of
 * where the time goes (bench/fleet.ts, bench/ingest-to-screen.ts). Off unless the process turns
 * it on with `traceTo` (the production entry does when TRACE_FILE is set): a call then costs one
 * comparison. Lines are kept in memory and appended to the file off the hot path,
 * a few times a second and at exit, as "<ms since the epoch, to 0.01 ms> <event> <detail>".
 */
let lines: string[] | null = null;

export function traceTo(file: string, flushMs = 250): void {
  if (lines) return;
  lines = [];
  const flush = () => {
    if (!lines || lines.length === 0) return;
    const text = lines.join('\n') + '\n';
    lines = [];
    appendFileSync(file, text);
  };
  setInterval(flush, flushMs).unref();
  process.on('exit', flush);
}

/** Notes that `event` happened now; `detail` names what it concerns (a view key, a count). */
export function trace(event: string, detail: string | number = ''): void {
  if (lines) lines.push(`${(performance.timeOrigin + performance.now()).toFixed(2)} ${event} ${detail}`);
}

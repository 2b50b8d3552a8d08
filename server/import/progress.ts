// A progress bar on stderr, so stdout stays free for the report. On a terminal it redraws one
// line in place; in a log (CI, a pipe) it writes a plain line now and then instead of a stream of
// carriage returns.

export interface Progress {
  update(done: number): void;
  finish(): void;
}

export interface ProgressSink {
  write(s: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

const WIDTH = 30;
const TTY_EVERY_MS = 100;
const LOG_EVERY_MS = 2_000;

export function progressBar(
  label: string,
  total: number,
  sink: ProgressSink = process.stderr,
  now: () => number = Date.now,
  unit = 'rows'
): Progress {
  let last = -Infinity;
  let current = 0;
  let drawn = -1;
  const tty = sink.isTTY === true;
  const draw = (force: boolean) => {
    const t = now();
    if (!force && t - last < (tty ? TTY_EVERY_MS : LOG_EVERY_MS)) return;
    // A log line that would repeat the previous one says nothing new.
    if (!tty && current === drawn) return;
    last = t;
    drawn = current;
    const share = total > 0 ? Math.min(1, current / total) : 1;
    const pct = `${Math.floor(share * 100)}%`.padStart(4);
    const counts = `${current.toLocaleString('en-US')}/${total.toLocaleString('en-US')} ${unit}`;
    if (tty) {
      const filled = Math.round(share * WIDTH);
      sink.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${pct} ${counts}\x1b[K`);
    } else {
      sink.write(`${label}: ${pct.trim()} ${counts}\n`);
    }
  };
  return {
    update(done) {
      current = done;
      draw(false);
    },
    finish() {
      draw(true);
      if (tty) sink.write('\n');
    }
  };
}

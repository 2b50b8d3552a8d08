// Ingest to screen, as users see it: one client holds the overview's default views (every panel
// the overview opens that reads crawl rows, with the filters it opens them with, and the headline
// tiles on crawl rows) and a short view (one hour at minute grain), and applies every push as the
// browser does (batches, deltas through the shared receiveDelta, a resync on a gap). Each trial
// POSTs one crawl row and times, per view, from the start of the request to the moment the
// client has applied the push that contains the row. One set of trials writes alone; another
// while a background writer sends a steady 1,000 rows/s.
//
// How a push is known to contain the trial's row, under background writes too: a trial row
// carries 10^9 tokens and a detector score of 0.99, background and history rows at most a few
// thousand tokens and scores below 0.9. A view holds n trial rows once its tokens add up to n
// billion (the detector histogram, which has no tokens, once its bins from 0.95 up count n
// documents). Views that one crawl row does not change (the marker-word estimate, fed by crawl
// files; the forecast, refreshed on its own timer) are listed, not timed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import type { HandshakeAuth, PanelData, PanelDelta, PanelRow } from '../src/lib/contract/socket';
import type { PanelFilters } from '../src/lib/contract/filters';
import type { PanelId } from '../src/lib/contract/panels';
import { DOMAINS, sectionPanels } from '../src/lib/shared/domains';
import { HEADLINES } from '../src/lib/shared/headlines';
import { isNewer, receiveDelta } from '../src/lib/shared/live-delta';
import { CATALOGUE } from '../server/panels/catalogue';
import { readTrace, stepAt, type Step } from './fleet-trace';
import { isMain, machine, p50p95, percentile, round, sleep, startServerProcess, startUpLoaded } from './lib';

const TRIALS = Number(process.env.BENCH_I2S_TRIALS ?? 40);
/** History rows over the six years before the run, so the default views read real rollups. */
const HISTORY_ROWS = Number(process.env.BENCH_I2S_HISTORY_ROWS ?? 50_000);
/** Background rows per second in the loaded set, sent as 10 POSTs a second. */
const BACKGROUND_RATE = Number(process.env.BENCH_I2S_BACKGROUND_RATE ?? 1_000);
/**
 * The server timestamps each step of a write's way (TRACE_FILE, server/lib/trace.ts), for the
 * breakdown of the lone writes; BENCH_I2S_TRACE=0 runs without it. A step costs the server one
 * string pushed to an array.
 */
const TRACE = process.env.BENCH_I2S_TRACE !== '0';
const TRIAL_TOKENS = 1e9;
const YEAR = 365.25 * 86_400_000;

interface View {
  name: string;
  panel: PanelId;
  filters: PanelFilters;
  /** How many trial rows the rows show; null for a view one crawl row does not change. */
  trials: ((rows: readonly PanelRow[]) => number) | null;
}

const byTokens = (rows: readonly PanelRow[]) => Math.floor(rows.reduce((n, r) => n + Number(r.tokens ?? 0), 0) / TRIAL_TOKENS);
const byTopScores = (rows: readonly PanelRow[]) => rows.reduce((n, r) => n + (Number(r.score_from) >= 0.95 ? Number(r.docs ?? 0) : 0), 0);

/** The overview's views of crawl rows, as src/ opens them, and the short view. */
export function views(): View[] {
  const readsCrawl = (id: PanelId) => CATALOGUE.get(id)?.info.streams.includes('crawl') ?? false;
  const counter = (id: PanelId): View['trials'] =>
    id === 'provenance.detector_scores' ? byTopScores : id === 'provenance.marker_words' || id.startsWith('forecast.') ? null : byTokens;
  const sections = DOMAINS.flatMap((d) => sectionPanels(d))
    .filter(readsCrawl)
    .map((id) => ({ name: `${id} (overview default)`, panel: id, filters: {}, trials: counter(id) }));
  const tiles = HEADLINES.filter((h) => readsCrawl(h.panel)).map((h) => ({
    name: `${h.panel} (tile ${h.id}: ${JSON.stringify(h.filters)})`,
    panel: h.panel,
    filters: h.filters,
    trials: counter(h.panel)
  }));
  const short = {
    name: 'provenance.ai_share (1 hour, minute grain)',
    panel: 'provenance.ai_share' as const,
    filters: { from: 'now-1h', grain: 'minute' as const },
    trials: byTokens
  };
  return [...sections, ...tiles, short];
}

function line(ts: number, i: number, kind: 'history' | 'background' | 'trial'): string {
  return JSON.stringify({
    ts,
    url: `https://site-${i % 500}.example.org/${kind}/${i}`,
    lang: ['en', 'de', 'fr'][i % 3],
    content_type: i % 3 === 0 ? 'forum' : 'article',
    tokens: kind === 'trial' ? TRIAL_TOKENS : kind === 'background' ? 1 : 200 + (i % 1800),
    provenance: i % 2 === 0 ? 'ai' : 'human',
    crawl_source: 'bench',
    ai_score: kind === 'trial' ? 0.99 : (i % 90) / 100
  });
}

async function post(url: string, body: string): Promise<void> {
  const res = await fetch(`${url}/api/ingest/crawl`, { method: 'POST', body });
  if (!res.ok) throw new Error(`ingest failed: ${res.status} ${await res.text()}`);
}

/** One trial: when its POST started and when its first and last view applied it (epoch ms). */
interface TrialWindow {
  start: number;
  first: number;
  last: number;
}

interface Held {
  view: View;
  key: string;
  data: PanelData | null;
}

export async function main() {
  const list = views();
  const traceDir = TRACE ? mkdtempSync(join(tmpdir(), 'pdo-i2s-trace-')) : null;
  const traceFile = traceDir ? join(traceDir, 'trace') : null;
  const server = await startServerProcess({ SIMULATE: 'off', ...(traceFile ? { TRACE_FILE: traceFile } : {}) });
  const auth: HandshakeAuth = { batch: true };
  // Connected once the history is in: a handshake made while the server was still loading could
  // time out on a loaded machine, and without reconnection the run then waited for ever.
  let socket: ReturnType<typeof io> | null = null;
  try {
    progress('server up');
    await startUpLoaded(server.url);
    progress('published series loaded');
    const now = Date.now();
    for (let b = 0; b < HISTORY_ROWS; b += 20_000) {
      const n = Math.min(20_000, HISTORY_ROWS - b);
      // Spread over six years, none in the last day: the open buckets start with history only.
      await post(
        server.url,
        Array.from({ length: n }, (_, j) => line(now - 86_400_000 - ((b + j) / HISTORY_ROWS) * 6 * YEAR, b + j, 'history')).join('\n') +
          '\n'
      );
    }
    progress(`history written (${HISTORY_ROWS} rows)`);
    const connected = io(server.url, { transports: ['websocket'], reconnection: false, timeout: 60_000, auth });
    socket = connected;
    await new Promise<void>((resolve, reject) => {
      connected.once('connect', () => resolve());
      connected.once('connect_error', reject);
    });

    const held = new Map<string, Held[]>();
    let resyncs = 0;
    let applied: (() => void) | null = null;
    const apply = (d: PanelData | PanelDelta, whole: boolean) => {
      for (const h of held.get(d.key) ?? []) {
        if (whole) {
          if (isNewer(d as PanelData, h.data)) h.data = d as PanelData;
          continue;
        }
        const next = receiveDelta(h.data, d as PanelDelta);
        if (next === 'gap') {
          resyncs++;
          connected.emit('resync', { key: d.key });
        } else if (next !== 'old') h.data = next;
      }
    };
    connected.on('panel:data', (d) => {
      apply(d, true);
      applied?.();
    });
    connected.on('panel:delta', (d) => {
      apply(d, false);
      applied?.();
    });
    connected.on('panel:batch', (pushes) => {
      for (const p of pushes) apply(p[1], p[0] === 'panel:data');
      applied?.();
    });
    for (const view of list) {
      const ack = await new Promise<{ key?: string; error?: string }>((r) =>
        connected.emit('subscribe', { panel: view.panel, filters: view.filters, deltas: true }, r)
      );
      if (!ack.key) throw new Error(`subscribe ${view.name}: ${ack.error}`);
      const list = held.get(ack.key) ?? [];
      list.push({ view, key: ack.key, data: null });
      held.set(ack.key, list);
    }
    const all = [...held.values()].flat();
    const timed = all.filter((h) => h.view.trials !== null);
    // Every view's first result, and the trial count each starts from.
    await until(
      () => all.every((h) => h.data !== null),
      (fn) => (applied = fn)
    );
    const base = new Map(timed.map((h) => [h, h.view.trials!(h.data!.rows)]));
    progress(`${all.length} views hold a first result`);

    let trialNo = 0;
    const windows: TrialWindow[] = [];
    /** One trial: per view, ms from the start of the POST to the push applied. */
    const trial = async (): Promise<Map<Held, number>> => {
      const n = ++trialNo;
      const seen = new Map<Held, number>();
      const t0 = performance.now();
      const epoch0 = performance.timeOrigin + t0;
      const check = () => {
        const t = performance.now();
        for (const h of timed) if (!seen.has(h) && h.data && h.view.trials!(h.data.rows) - base.get(h)! >= n) seen.set(h, t - t0);
      };
      const posted = post(server.url, line(Date.now(), n, 'trial') + '\n');
      await until(
        () => (check(), seen.size === timed.length),
        (fn) => (applied = fn)
      );
      await posted;
      const times = [...seen.values()];
      windows.push({ start: epoch0, first: epoch0 + Math.min(...times), last: epoch0 + Math.max(...times) });
      return seen;
    };

    const runSet = async (label: string) => {
      const per = new Map<Held, number[]>(timed.map((h) => [h, []]));
      const worst: number[] = [];
      for (let i = 0; i < TRIALS; i++) {
        const seen = await trial();
        for (const [h, ms] of seen) per.get(h)!.push(ms);
        worst.push(Math.max(...seen.values()));
        progress(`${label}: trial ${i + 1}, slowest view ${round(worst.at(-1)!)} ms`);
        // Spaced out, off any beat of the hub's timers.
        await sleep(150 + Math.random() * 200);
      }
      return {
        set: label,
        trials: TRIALS,
        all_views_p50_ms: round(percentile(worst, 0.5)),
        all_views_p95_ms: round(percentile(worst, 0.95)),
        views: timed.map((h) => ({
          view: h.view.name,
          p50_ms: round(percentile(per.get(h)!, 0.5)),
          p95_ms: round(percentile(per.get(h)!, 0.95))
        }))
      };
    };

    const cpu0 = process.cpuUsage();
    const lone = await runSet('lone write');
    const loneWindows = windows.splice(0);
    // The steady background: every 100 ms, the rows due at BACKGROUND_RATE since it began, in
    // one POST, every row in the open buckets. One POST at a time (the server takes two bodies
    // at once from an address; the trial's is the other): rows due while one is in flight go
    // in the next, so the rate holds on average however slow the answers.
    let sent = 0;
    let bgNo = 0;
    let inFlight = false;
    let refused = 0;
    const started = performance.now();
    const beat = setInterval(() => {
      if (inFlight) return;
      const rows = Math.floor((BACKGROUND_RATE * (performance.now() - started)) / 1000) - sent;
      if (rows <= 0) return;
      const at = Date.now() - 1_000;
      const body = Array.from({ length: rows }, () => line(at, bgNo++, 'background')).join('\n') + '\n';
      inFlight = true;
      void post(server.url, body)
        .then(
          () => (sent += rows),
          () => refused++
        )
        .finally(() => (inFlight = false));
    }, 100);
    let loaded;
    try {
      await sleep(2_000);
      loaded = await runSet(`under ${BACKGROUND_RATE.toLocaleString('en-US')} rows/s`);
    } finally {
      clearInterval(beat);
    }
    const background_rows_per_s = round(sent / ((performance.now() - started) / 1000));
    const cpu = process.cpuUsage(cpu0);
    return {
      bench: 'ingest_to_screen',
      history_rows: HISTORY_ROWS,
      trials: TRIALS,
      views_timed: timed.map((h) => h.view.name),
      views_not_changed_by_a_crawl_row: all.filter((h) => h.view.trials === null).map((h) => h.view.name),
      lone_p50_ms: lone.all_views_p50_ms,
      lone_p95_ms: lone.all_views_p95_ms,
      loaded_p50_ms: loaded.all_views_p50_ms,
      loaded_p95_ms: loaded.all_views_p95_ms,
      background_rows_per_s,
      background_posts_refused: refused,
      resyncs,
      client_cpu_ms: round((cpu.user + cpu.system) / 1000),
      sets: [lone, loaded],
      ...(traceFile ? { lone_breakdown: loneBreakdown(traceFile, loneWindows) } : {}),
      load_average: machine().load_average,
      ran_at: new Date().toISOString()
    };
  } finally {
    socket?.close();
    await server.stop();
    if (traceDir) rmSync(traceDir, { recursive: true, force: true });
  }
}

/**
 * Where a lone write's time goes: each step's p50/p95 in ms from the start of the POST, read from
 * the server's trace (the first time a step happens in the trial's window, or the last, for the
 * steps that end the way: the last query and the last send). Read after the loaded set, tens of
 * seconds after the last lone write: the server appends its trace every 250 ms, so their lines
 * are in the file by then.
 */
function loneBreakdown(file: string, windows: TrialWindow[]) {
  const events = readTrace(file);
  const steps: Step[] = [
    { name: 'request body read, checks start', event: 'ingest.start' },
    { name: 'rows checked', event: 'ingest.checked' },
    { name: 'insert acknowledged by the engine', event: 'ingest.inserted' },
    { name: 'write-time results updated', event: 'ingest.after' },
    { name: 'hub told of the change', event: 'dirty.here' },
    // A write's views may join a pass already under way (Hub.joinPass) instead of starting one.
    { name: 'refresh pass starts, or the views join one', event: ['pass.start', 'pass.join'] },
    { name: 'first query starts', event: 'query.start' },
    { name: 'first query ends', event: 'query.end' },
    { name: 'last query ends', event: 'query.end', last: true },
    { name: 'last batch sent to the socket', event: 'flush.end', last: true }
  ];
  const samples = new Map<string, number[]>();
  const add = (name: string, v: number) => samples.set(name, [...(samples.get(name) ?? []), v]);
  const queries: number[] = [];
  for (const w of windows) {
    const inWindow = events.filter((e) => e.at >= w.start && e.at <= w.last);
    for (const s of steps) {
      const at = stepAt(inWindow, s);
      if (at !== undefined) add(s.name, at - w.start);
    }
    add('client applied it, first view', w.first - w.start);
    add('client applied it, last view', w.last - w.start);
    queries.push(inWindow.filter((e) => e.event === 'query.end').length);
  }
  return {
    trials: windows.length,
    queries_per_write_p50: percentile(queries, 0.5),
    steps_ms_from_post: [...samples].map(([step, v]) => ({ step, ...p50p95(v), n: v.length }))
  };
}

const progress = (what: string) => process.stderr.write(`ingest-to-screen: ${what}\n`);

/** Resolves once `done()` holds, checking after every push the client applies. */
function until(done: () => boolean, onApplied: (fn: (() => void) | null) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const timeout = setTimeout(() => reject(new Error('no push applied the change within 60 s')), 60_000);
    const check = () => {
      if (!done()) return;
      clearTimeout(timeout);
      onApplied(null);
      resolve();
    };
    onApplied(check);
    check();
  });
}

if (isMain(import.meta.url)) {
  main().then((r) => console.log(JSON.stringify(r, null, 1)));
}

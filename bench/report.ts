// Renders docs/PERFORMANCE.md from a benchmark run: every number in it comes from the results
// object, next to the design budget it is measured against.

import { BUDGETS as B } from './budgets';
import { fleetSection } from './report-fleet';

type R = Record<string, unknown>;
const get = (r: unknown, k: string): unknown => (r && typeof r === 'object' ? (r as R)[k] : undefined);
const num = (v: unknown): string => (typeof v === 'number' ? v.toLocaleString('en-US') : String(v ?? '–'));
/**
 * When a figure was measured and how busy the machine was then (the one-minute load average the
 * benchmark recorded as it ended, or per run): a budget line is read against the load it ran under.
 */
const when = (bench: unknown): string => {
  const ran = get(bench, 'ran_at');
  const load =
    get(bench, 'load_average') ?? (typeof get(bench, 'load_average_1m') === 'number' ? [get(bench, 'load_average_1m')] : undefined);
  const at = typeof ran === 'string' ? ran.replace('T', ' ').slice(0, 16) : '–';
  return `${at}, ${Array.isArray(load) && typeof load[0] === 'number' ? num(load[0]) : 'not recorded'}`;
};
const verdict = (ok: boolean | null): string => (ok === null ? '–' : ok ? 'met' : 'missed');
/** A floor with a goal above it: missed, met, or met with the goal. */
const goal = (v: unknown, min: number, target: number): string =>
  typeof v !== 'number' ? '–' : v >= target ? 'met, goal too' : v >= min ? 'met, goal not' : 'missed';

/**
 * The ratio against chDB's insert of the bytes the server writes (the bench's rows gain domain and
 * tld), where the result holds it: older results do not.
 */
const writtenRatio = (ingest: unknown): string =>
  typeof get(ingest, 'http_vs_chdb_written') === 'number'
    ? `; against chDB's insert of the bytes the server writes, ${num(get(ingest, 'columns_written'))} columns instead of ${num(get(ingest, 'columns_as_sent'))}: ${num(get(ingest, 'http_vs_chdb_written'))}, CPU ratio ${num(get(ingest, 'http_vs_chdb_written_cpu'))}`
    : '';

/** How the ingest ratio was taken: older results hold one run of each side, newer ones alternate several. */
const ingestRuns = (n: unknown): string => (typeof n === 'number' && n > 1 ? `medians of ${n} alternating runs each` : 'one run each');

export function renderPerformance(results: R): string {
  const m = results.machine as R;
  const ingest = results.ingest;
  const i2s = results.ingest_to_screen;
  const fan = results.fanout;
  const fanRuns = (get(fan, 'runs') as R[] | undefined) ?? [];
  const fleetRuns = (get(results.fleet, 'runs') as R[] | undefined) ?? [];
  const fc = results.forecast;
  const epoch = results.forecast_epoch;
  const epochPooled = get(get(epoch, 'branches'), 'pooled') as R | undefined;
  const wall = results.wall_soak;
  const wallFirst = results.wall_first;
  const warc = results.warc;
  const panels = (get(results.panels, 'panels') as R[] | undefined) ?? [];
  const sqlPanels = panels.filter((p) => p.source !== 'computed');
  const computed = panels.filter((p) => p.source === 'computed');
  const diversity = panels.filter((p) => String(p.panel).startsWith('diversity.'));
  const worst = (list: R[]) => [...list].sort((a, b) => Number(b.p95_ms) - Number(a.p95_ms))[0];
  // The worst CPU time per answer beside the worst wall time: the figure other load distorts least.
  const worstCpu = (list: R[]): string => {
    const w = [...list].filter((p) => typeof p.cpu_p95_ms === 'number').sort((a, b) => Number(b.cpu_p95_ms) - Number(a.cpu_p95_ms))[0];
    return w ? `; CPU p95 worst ${num(w.cpu_p95_ms)} ms (${String(w.panel)})` : '';
  };
  const lt = (v: unknown, max: number) => (typeof v === 'number' ? v <= max : null);

  const lines: string[] = [
    '# Performance',
    '',
    'Numbers from `npm run bench` (raw results: `bench/results/latest.json`; each benchmark with the time it',
    'ran, under Runs). Each line of the design budget is measured by the script named beside it. Rerun on',
    'your own hardware; the budget was set for a 2-core machine like this one.',
    '',
    `Machine: ${num(m?.cpu)}, ${num(m?.cores)} cores, ${num(m?.memory_gib)} GiB, Node ${num(m?.node)}, ${num(m?.platform)}${Array.isArray(m?.load_average) ? `; load average (1, 5, 15 min) ${(m.load_average as number[]).map(num).join(', ')} when the run began` : ''}.`,
    '',
    ...conditionsOf(results),
    `Runs (when each ended, and the load average then where recorded): ${['forecast', 'forecast_epoch', 'ingest', 'ingest_to_screen', 'panels', 'panel_planning', 'delta_bytes', 'fanout', 'fanout_send', 'wall_first', 'wall_soak', 'warc'].map((k) => `${k} ${num(get(results[k], 'ran_at'))}${Array.isArray(get(results[k], 'load_average')) ? ` (load ${(get(results[k], 'load_average') as number[]).map(num).join(', ')})` : ''}`).join('; ')}.`,
    '',
    '## Summary against the budget',
    '',
    'One set of budgets, the design\'s (DESIGN.md, "Performance budget"; `bench/budgets.ts`), each measured by the script named beside it.',
    '',
    '| budget line | budget | measured | | ran (UTC), load average (1 min) then |',
    '|---|---|---|---|---|',
    `| ingest over HTTP against chDB's own \`INSERT ... FORMAT JSONEachRow\` of the same bytes, same tables and views, side by side (\`bench/ingest.ts\`) | at least ${B.ingestVsChdbMin} (goal ${B.ingestVsChdbGoal}) | ${num(get(ingest, 'http_vs_chdb'))} (${ingestRuns(get(ingest, 'runs_each'))}; CPU ratio ${num(get(ingest, 'http_vs_chdb_cpu'))}; chDB: ${num(get(ingest, 'chdb_insert_rows_per_s'))} rows/s${writtenRatio(ingest)}) | ${goal(get(ingest, 'http_vs_chdb'), B.ingestVsChdbMin, B.ingestVsChdbGoal)} | ${when(ingest)} |`,
    `| SQL panels over ${num(get(results.panels, 'crawl_rows'))} crawl rows (\`bench/panels.ts\`), worst p95 | ${B.panelP95Ms} ms | ${num(Math.max(...sqlPanels.map((p) => Number(p.p95_ms))))} ms (${String(worst(sqlPanels)?.panel ?? '–')})${worstCpu(sqlPanels)} | ${verdict(sqlPanels.length ? sqlPanels.every((p) => Number(p.p95_ms) <= B.panelP95Ms) : null)} | ${when(results.panels)} |`,
    `| computed panels (diversity over sampled texts, training trend, forecast), worst p95 | ${B.panelP95Ms} ms | ${num(Math.max(...computed.map((p) => Number(p.p95_ms))))} ms (${String(worst(computed)?.panel ?? '–')})${worstCpu(computed)} | ${verdict(computed.length ? computed.every((p) => Number(p.p95_ms) <= B.panelP95Ms) : null)} | ${when(results.panels)} |`,
    `| diversity panels over ${num(get(results.panels, 'samples'))} model samples (rollups), p95 | ${B.panelP95Ms} ms | ${diversity.map((p) => `${String(p.panel)} ${num(p.p95_ms)} ms`).join(', ') || '–'} | ${verdict(diversity.length ? diversity.every((p) => Number(p.p95_ms) <= B.panelP95Ms) : null)} | ${when(results.panels)} |`,
    ...fanRuns.map(
      (r) =>
        `| fan-out: queries per tick, ${clientsOf(r)} on ${num(get(fan, 'distinct_keys'))} distinct views (\`bench/fanout.ts\`) | at most the distinct views | ${num(r.queries_per_tick)} | ${verdict(typeof r.queries_per_tick === 'number' ? r.queries_per_tick <= Number(get(fan, 'distinct_keys')) : null)} | ${when({ ran_at: get(fan, 'ran_at'), load_average: r.load_average })} |`
    ),
    ...fanRuns.map(
      (r) =>
        `| fan-out: delivery p99, ${clientsOf(r)}, ${typeof r.writes === 'number' ? 'from the start of the write to the change applied on every socket' : 'timed from the start of the refresh (not yet from the write)'} | ${B.fanoutP99Ms} ms | ${num(r.delivery_p99_ms)} ms${typeof r.missed === 'number' && r.missed > 0 ? ` (${num(r.missed)} deliveries missed)` : ''} | ${verdict(typeof r.missed === 'number' && r.missed > 0 ? false : lt(r.delivery_p99_ms, B.fanoutP99Ms))} | ${when({ ran_at: get(fan, 'ran_at'), load_average: r.load_average })} |`
    ),
    `| ingest to screen, a lone write: p95 from the start of the write request to the client having applied it, on every default view of the overview it changes (slowest view per write; \`bench/ingest-to-screen.ts\`) | ${B.ingestToScreenP95Ms} ms | ${num(get(i2s, 'lone_p95_ms'))} ms (p50 ${num(get(i2s, 'lone_p50_ms'))}) | ${verdict(lt(get(i2s, 'lone_p95_ms'), B.ingestToScreenP95Ms))} | ${when(i2s)} |`,
    `| ingest to screen, the same under a steady ${num(get(i2s, 'background_rows_per_s'))} rows/s of other writes | ${B.ingestToScreenP95Ms} ms | ${num(get(i2s, 'loaded_p95_ms'))} ms (p50 ${num(get(i2s, 'loaded_p50_ms'))}) | ${verdict(lt(get(i2s, 'loaded_p95_ms'), B.ingestToScreenP95Ms))} | ${when(i2s)} |`,
    ...fleetRuns
      .filter((r) => r.servers === 3 && r.clients === 1000)
      .map(
        (r) =>
          `| fleet: a write on one of three servers to the change on every socket of all three, 1,000 clients, p95 from the start of the write (\`bench/fleet.ts\`) | ${B.fleetP95Ms} ms | ${num(r.delivery_p95_ms)} ms (p50 ${num(r.delivery_p50_ms)}, p99 ${num(r.delivery_p99_ms)}; one server alone: p95 ${num(fleetRuns.find((o) => o.servers === 1 && o.clients === 1000)?.delivery_p95_ms)} ms) | ${verdict(lt(r.delivery_p95_ms, B.fleetP95Ms))} | ${when({ ran_at: get(results.fleet, 'ran_at'), load_average: [r.load_average_1m] })} |`
      ),
    // The budget is a p95, read from the CPU time per forecast (a shared machine inflates the wall
    // time far more); a result from before the benchmark recorded a CPU p95 is read by its median.
    epochPooled?.cpu_p95_ms === undefined
      ? `| forecast: Epoch's model pooled, 100,000 draws, CPU per forecast, median of ${num(get(epoch, 'runs'))} (\`bench/forecast-epoch.ts\`) | ${B.forecastMs} ms | ${num(epochPooled?.cpu_p50_ms)} ms (wall p50 ${num(epochPooled?.p50_ms)} ms) | ${verdict(lt(epochPooled?.cpu_p50_ms, B.forecastMs))} | ${when(epoch)} |`
      : `| forecast: Epoch's model pooled, 100,000 draws, CPU per forecast, p95 of ${num(get(epoch, 'runs'))} runs (\`bench/forecast-epoch.ts\`) | ${B.forecastMs} ms p95 | ${num(epochPooled.cpu_p95_ms)} ms (CPU p50 ${num(epochPooled.cpu_p50_ms)}; wall p50 ${num(epochPooled.p50_ms)}, p95 ${num(epochPooled.p95_ms)} ms) | ${verdict(lt(epochPooled.cpu_p95_ms, B.forecastMs))} | ${when(epoch)} |`,
    `| live pushes, bytes per push with deltas against whole results (\`bench/delta-bytes.ts\`) | smaller | ${num(get(results.delta_bytes, 'delta_client_avg_bytes_per_push'))} B against ${num(get(results.delta_bytes, 'full_avg_bytes'))} B (${num(get(results.delta_bytes, 'bytes_ratio'))}) | ${verdict(typeof get(results.delta_bytes, 'bytes_ratio') === 'number' ? Number(get(results.delta_bytes, 'bytes_ratio')) < 1 : null)} | ${when(results.delta_bytes)} |`,
    // Cold loads of the wall (bench/wall-first.ts) when that has run; the soak's single load before it existed.
    get(wallFirst, 'first_data_p95_ms') !== undefined
      ? `| wall display: first data on screen, p95 of ${num(get(wallFirst, 'loads'))} reloads of one window with its cache cleared, from navigation to the first chart drawn with data (\`bench/wall-first.ts\`) | ${num(B.wallFirstDataMs)} ms | ${num(get(wallFirst, 'first_data_p95_ms'))} ms (p50 ${num(get(wallFirst, 'first_data_p50_ms'))}; p50s: document parsed ${num(get(wallFirst, 'document_parsed_p50_ms'))}, socket open ${num(get(wallFirst, 'socket_open_p50_ms'))}, first panel result ${num(get(wallFirst, 'first_result_p50_ms'))} ms${get(wallFirst, 'new_window_first_data_p95_ms') !== undefined ? `; in a new browser window each load, where Chromium also builds its own interface for the window: p50 ${num(get(wallFirst, 'new_window_first_data_p50_ms'))}, p95 ${num(get(wallFirst, 'new_window_first_data_p95_ms'))} ms` : ''}) | ${verdict(lt(get(wallFirst, 'first_data_p95_ms'), B.wallFirstDataMs))} | ${when(wallFirst)} |`
      : `| wall display: first data on screen (\`bench/wall-soak.ts\`) | ${num(B.wallFirstDataMs)} ms | ${num(get(wall, 'first_data_ms'))} ms | ${verdict(lt(get(wall, 'first_data_ms'), B.wallFirstDataMs))} | ${when(wall)} |`,
    `| wall display: JS heap over a ${num(get(wall, 'duration_s'))} s soak | flat | ${num(get(wall, 'summary') ?? get(wall, 'error'))} | | ${when(wall)} |`,
    '',
    `Without a budget of their own: one large HTTP POST took ${num(get(ingest, 'one_post_rows_per_s'))} crawl rows/s and sustained POSTs of 100,000 rows ${num(get(ingest, 'sustained_rows_per_s'))} rows/s; the simple forecast model (\`bench/forecast.ts\`), 100,000 draws, p95 ${num(get(fc, 'p95_ms'))} ms.`,
    '',
    '## Ingest',
    '',
    '| measure | value |',
    '|---|---|',
    ...Object.entries((ingest as R) ?? {}).map(([k, v]) => `| ${k} | ${num(v)} |`),
    '',
    '## Panels',
    '',
    `${num(get(results.panels, 'crawl_rows'))} crawl rows and ${num(get(results.panels, 'market_rows'))} market rows (simulated history topped up with rows generated in ClickHouse); ${num(get(results.panels, 'runs'))} runs per panel after one warm-up, each panel with its default view. "raw" is the same panel forced onto the raw table. CPU is the benchmark process's CPU time per answer (the embedded engine runs in it), which other load on the machine distorts less than wall time; background merges are stopped while answers are timed, so their CPU time is not counted as an answer's${get(results.panels, 'merges_at_stop') === undefined ? '' : ` (merges still running at the stop are waited for: ${num(get(results.panels, 'merges_at_stop'))} in this run, ${num(get(results.panels, 'merges_wait_seconds'))} s)`}. Queries, rows read and engine CPU come from the engine's own counters (\`system.events\`: SelectQuery, SelectedRows, the query threads' user and system time) around five more answers, medians: the rest of an answer's CPU time is Node's (building the query, parsing the answer, the result check). The diversity panels read answers stored when samples arrive; the benchmark's warm-up answer stores them for samples it wrote around ingest.${conditionText(results.panels) === undefined ? '' : ` Conditions: ${conditionText(results.panels)}`}`,
    '',
    '| panel | source | p50 ms | p95 ms | CPU p50 ms | CPU p95 ms | queries | engine CPU p50 ms | rows read | raw p50 ms | raw p95 ms |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...panels.map(
      (p) =>
        `| ${p.panel} | ${p.source} | ${num(p.p50_ms)} | ${num(p.p95_ms)} | ${num(p.cpu_p50_ms)} | ${num(p.cpu_p95_ms)} | ${num(p.queries)} | ${num(p.engine_cpu_p50_ms)} | ${num(p.read_rows)} | ${num(p.raw_p50_ms)} | ${num(p.raw_p95_ms)} |`
    ),
    '',
    ...planningSection(results.panel_planning),
    ...deltaSection(results.delta_bytes),
    '## Fan-out and ingest to screen',
    '',
    ...fanoutTable(fanRuns),
    '',
    'Each client watches every panel on its default view (the simulator keeps them changing) and one measured view',
    "that only the benchmark's writes change (`market.by_region`, the last hour, platform `fanout-bench`). The",
    'benchmark writes one posting at a time over HTTP, a write every 1.5 s (`BENCH_FANOUT_WRITES`, `BENCH_FANOUT_GAP_MS`),',
    'and a delivery is the time from the start of that write request to the moment a socket has applied the change',
    '(a delta or the whole result, as the browser applies them): one per socket and write, a write never seen counted as',
    'missed. The delay of every result from the start of its refresh (`as_of`) is given beside it. Clients run in',
    'separate processes (a thousand each); with two cores or more the server is pinned to the first and the clients to',
    'the others (taskset), and the load average at the end of each run is noted, since the machine may be shared. The client',
    "processes' CPU is given beside the server's: where it reaches the cores they ran on, the clients, not the server, set the",
    'delivery times.',
    'Bytes are the socket.io messages as the server encoded them, without WebSocket framing. Clients ask for batches as the',
    "browser does (`auth: {batch: true}`; `FANOUT_BATCH=0` for one message a result), so a message may hold all of a refresh pass's results.",
    '',
    ...fanoutBreakdownTable(fanRuns),
    ...conditionsOf(results.fanout),
    ...fanoutSendSection(results.fanout_send),
    '',
    ...ingestToScreenSection(i2s),
    ...fleetSection(results.fleet),
    '## Forecast and wall display',
    '',
    '| measure | value |',
    '|---|---|',
    ...Object.entries((fc as R) ?? {}).map(([k, v]) => `| forecast (simple model) ${k} | ${num(v)} |`),
    ...Object.entries((get(epoch, 'branches') as R | undefined) ?? {}).map(
      ([branch, v]) =>
        `| forecast (Epoch, ${branch}) wall p50 / p95 / max, CPU p50 / p95 (ms) | ${num(get(v, 'p50_ms'))} / ${num(get(v, 'p95_ms'))} / ${num(get(v, 'max_ms'))}, ${num(get(v, 'cpu_p50_ms'))} / ${num(get(v, 'cpu_p95_ms'))} |`
    ),
    ...(Array.isArray(get(epoch, 'load_average'))
      ? [`| forecast (Epoch) load average at the run | ${(get(epoch, 'load_average') as number[]).map(num).join(', ')} |`]
      : []),
    ...(conditionText(epoch) === undefined ? [] : [`| forecast (Epoch) conditions | ${conditionText(epoch)} |`]),
    ...Object.entries((wallFirst as R) ?? {}).map(
      ([k, v]) => `| wall start-up ${k} | ${typeof v === 'object' ? JSON.stringify(v) : num(v)} |`
    ),
    ...Object.entries((wall as R) ?? {}).map(([k, v]) => `| wall ${k} | ${typeof v === 'object' ? JSON.stringify(v) : num(v)} |`),
    '',
    '## Crawl files',
    '',
    `\`bench/warc.ts\`: a generated WET file of ${num(get(warc, 'file_mb'))} MB gzipped per record (${num(get(warc, 'plain_mb'))} MB of WARC text, ${num(get(warc, 'records'))} records of about ${num(get(warc, 'doc_kb'))} kB) imported into a fresh database by the importer's own path, beside \`zcat\` of the same file. The import reads, identifies the language (from the header for 95% of records), counts o200k tokens, scans for marker words and writes; per-document costs are from 5,000 of its documents. ${String(get(warc, 'note') ?? '')}.`,
    '',
    '| measure | value |',
    '|---|---|',
    `| \`zcat\` of the file | ${num(get(warc, 'zcat_s'))} s, ${num(get(warc, 'zcat_mb_per_s'))} MB/s |`,
    `| reading records only (gunzip + warcio) | ${num(get(warc, 'read_s'))} s, ${num(get(warc, 'read_records_per_s'))} records/s |`,
    `| import | ${num(get(warc, 'import_s'))} s, ${num(get(warc, 'import_records_per_s'))} records/s, ${num(get(warc, 'import_mb_per_s'))} MB/s gzipped, ${num(get(warc, 'import_plain_mb_per_s'))} MB/s plain |`,
    `| import rate / zcat rate | ${num(get(warc, 'import_vs_zcat'))} |`,
    ...Object.entries((get(warc, 'per_doc_us') as R | undefined) ?? {}).map(
      ([k, v]) => `| per document: ${k.replace(/_/g, ' ')} | ${num(v)} µs |`
    ),
    '',
    ...scaleSection(fanRuns, Number(get(fan, 'distinct_keys')), sqlPanels, ingest),
    ...overloadSection(results.overload, results.fuzz)
  ];
  return lines.join('\n');
}

/**
 * `bench/ingest-to-screen.ts`: per view and set, from the start of the write request to the
 * client having applied the push that holds the row.
 */
function ingestToScreenSection(i2s: unknown): string[] {
  const sets = (get(i2s, 'sets') as R[] | undefined) ?? [];
  if (sets.length === 0) return [];
  const names = ((get(sets[0], 'views') as R[] | undefined) ?? []).map((v) => String(v.view));
  const cell = (set: R, name: string) => {
    const v = ((get(set, 'views') as R[] | undefined) ?? []).find((x) => x.view === name);
    return `${num(v?.p50_ms)} / ${num(v?.p95_ms)}`;
  };
  return [
    `Ingest to screen (\`bench/ingest-to-screen.ts\`): a server with ${num(get(i2s, 'history_rows'))} crawl rows over six years; one socket client subscribes to every view the overview opens on crawl rows, with the filters it opens them with (the sections' defaults and the headline tiles), and to a one-hour minute-grain view, and applies each push as the browser does (batches, deltas through \`src/lib/shared/live-delta.ts\`, a resync on a gap; ${num(get(i2s, 'resyncs'))} resyncs). Each write is one crawl row POSTed over HTTP; a view has applied it when its rows count it (the row carries 10^9 tokens and a detector score of 0.99, which no other row has). Times run from the start of the request to the push applied. ${num(get(i2s, 'trials'))} writes a set, spaced 150 to 350 ms apart; the loaded set runs while a second writer sends ${num(get(i2s, 'background_rows_per_s'))} rows/s (every 100 ms the rows then due, one POST at a time). Not timed, as one crawl row does not change them: ${((get(i2s, 'views_not_changed_by_a_crawl_row') as string[] | undefined) ?? []).join(', ') || 'none'}. Load average at the end of the run: ${Array.isArray(get(i2s, 'load_average')) ? (get(i2s, 'load_average') as number[]).map(num).join(', ') : '–'}.`,
    '',
    `| view | ${sets.map((x) => `${String(x.set)} p50 / p95 ms`).join(' | ')} |`,
    `|---|${sets.map(() => '---').join('|')}|`,
    ...names.map((n) => `| ${n} | ${sets.map((x) => cell(x, n)).join(' | ')} |`),
    `| slowest view per write | ${sets.map((x) => `${num(x.all_views_p50_ms)} / ${num(x.all_views_p95_ms)}`).join(' | ')} |`,
    '',
    ...loneBreakdown(get(i2s, 'lone_breakdown')),
    ...conditionsOf(i2s)
  ];
}

/** Where a lone write's time went, from the server's trace (bench/ingest-to-screen.ts, loneBreakdown). */
function loneBreakdown(b: unknown): string[] {
  const steps = (get(b, 'steps_ms_from_post') as R[] | undefined) ?? [];
  if (steps.length === 0) return [];
  return [
    `Where a lone write's time goes: the server timestamps each step (\`TRACE_FILE\`, \`server/lib/trace.ts\`), and each step's time is taken from the start of the POST, over the ${num(get(b, 'trials'))} lone writes (a step's first time in the write's window, or its last for the last query and the last send). Queries per write, median: ${num(get(b, 'queries_per_write_p50'))}.`,
    '',
    '| step | p50 ms from the POST | p95 ms from the POST |',
    '|---|---|---|',
    ...steps.map((x) => `| ${String(x.step)} | ${num(x.p50)} | ${num(x.p95)} |`),
    ''
  ];
}

/** `bench/delta-bytes.ts`: bytes per push, whole results (as before deltas) against deltas. */
function deltaSection(d: unknown): string[] {
  if (!d || typeof d !== 'object' || get(d, 'error') !== undefined) return [];
  const perPanel = (get(d, 'per_panel') as R[] | undefined) ?? [];
  return [
    '## Live pushes: whole results against deltas',
    '',
    `\`bench/delta-bytes.ts\`, run ${num(get(d, 'ran_at'))}: two socket clients on the overview's ${num(get(d, 'views'))} views for ${num(get(d, 'seconds'))} s of live simulated data after the history, one taking every change whole (as before deltas), one asking for deltas as the browser does. Bytes are the socket.io packet text. At the end the delta client's rows equalled the whole client's on ${num(get(d, 'views_compared'))} views compared (${num(get(d, 'views_mismatched'))} mismatched, ${num(get(d, 'gaps'))} gaps).`,
    '',
    '| measure | value |',
    '|---|---|',
    `| whole pushes, average bytes | ${num(get(d, 'full_pushes'))}, ${num(get(d, 'full_avg_bytes'))} B |`,
    `| deltas, average bytes | ${num(get(d, 'delta_pushes'))}, ${num(get(d, 'delta_avg_bytes'))} B |`,
    `| whole results sent instead (delta no smaller), average bytes | ${num(get(d, 'fallback_snapshots'))}, ${num(get(d, 'fallback_avg_bytes'))} B |`,
    `| delta client, bytes per push | ${num(get(d, 'delta_client_avg_bytes_per_push'))} B |`,
    `| delta client bytes / whole client bytes | ${num(get(d, 'bytes_ratio'))} |`,
    '',
    '| panel | whole pushes | whole avg B | deltas | delta avg B | sent whole instead |',
    '|---|---|---|---|---|---|',
    ...perPanel.map(
      (p) =>
        `| ${String(p.panel)} | ${num(p.full_pushes)} | ${num(p.full_avg_bytes)} | ${num(p.delta_pushes)} | ${num(p.delta_avg_bytes)} | ${num(p.fallback_snapshots)} |`
    ),
    '',
    'Panels whose every row changes with each write (shares by language or content type, score histograms) gain nothing from a row-level delta and go whole.',
    ''
  ];
}

/**
 * What changes past one machine, with the arithmetic done on this run's numbers: screens cost
 * server CPU per message, queries cost per server and distinct view, ingest costs per row.
 */
function scaleSection(fanRuns: R[], keys: number, sqlPanels: R[], ingest: unknown): string[] {
  const big = [...fanRuns].sort((a, b) => Number(b.clients) - Number(a.clients))[0];
  const cpu = Number(big?.server_cpu_percent);
  const msgs = Number(big?.messages_per_s);
  const clients = Number(big?.clients);
  const p95 = Math.max(...sqlPanels.map((p) => Number(p.p95_ms)));
  const rows = Number(get(ingest, 'one_post_rows_per_s'));
  if (!big || !(cpu > 0) || !(msgs > 0)) return [];
  const usPerMessage = (cpu / 100 / msgs) * 1e6;
  const perScreen = msgs / clients;
  const screensPerCore = clients / (cpu / 100);
  const servers = 10;
  const r0 = (x: number) => num(Math.round(x));
  return [
    '## Past one machine',
    '',
    'The arithmetic below uses the numbers of this run; redo it with yours.',
    '',
    `- **Screens cost server CPU per message.** With ${num(clients)} clients the server used ${num(cpu)}% of one core to send ${num(msgs)} messages a second (${num(big.mib_sent_per_s)} MiB/s): about ${r0(usPerMessage)} µs of CPU per message (an upper bound: that CPU also ran the simulator and the queries), so one core sends at least about ${r0(1e6 / usPerMessage)} messages a second. At this run's ${num(Math.round(perScreen * 100) / 100)} messages per screen per second that is about ${r0(screensPerCore)} screens per core. Servers hold no state a screen depends on (a reconnecting screen resubscribes and gets a snapshot), and the client uses the WebSocket transport only, so any load balancer that passes WebSockets spreads screens over several servers with no sticky sessions; ${servers} two-core servers would carry about ${r0(screensPerCore * 2 * servers)} screens at this rate.`,
    `- **Queries grow with distinct views, not with screens or servers.** One hub queries each distinct view it serves once per refresh (here ${num(big.queries_per_tick)} queries per tick for ${num(keys)} views). Without \`REDIS_URL\`, ${servers} servers all showing the same ${num(keys)} views would make ${num(servers * keys)} queries per refresh round (at this run's worst SQL-panel p95 of ${num(p95)} ms, about ${num(Math.round((servers * keys * p95) / 100) / 10)} s of ClickHouse time); with it, the fleet's servers hold one lease per view and run ${num(keys)} (docs/SCALE-OUT.md).`,
    "- **Freshness across servers.** With `REDIS_URL`, a write on any server is announced to all (a change notice through socket.io's Redis adapter), so every server's screens get it as fast as the taking server's do; without it, other servers' screens see it at their next timed refresh (each panel's `refresh_ms`: 5 s for the AI-share panel, 10 s to 5 minutes for the others, an hour for published series).",
    `- **Ingest costs per row on the server that takes it.** One server took ${num(rows)} rows/s in one large POST here; posts can go to any server, and a retry with the same \`Idempotency-Key\` must reach a server on the same ClickHouse, which holds the key's record. The rollups are materialized views, so they scale with the cluster's inserts. On a cluster, \`CLICKHOUSE_CLUSTER\` makes every table Replicated and puts a Distributed table over it, so inserts spread over the shards by each table's sort key and each shard runs the views for its own rows (docs/SCALE-OUT.md, with measured bytes a row and the storage for a year of Common Crawl).`,
    ''
  ];
}

/** A fan-out run's clients: those connected, and how many were started when fewer connected. */
function clientsOf(r: R): string {
  const asked = r.clients_asked;
  return typeof asked === 'number' && asked !== r.clients
    ? `${num(asked)} clients started (${num(r.clients)} connected)`
    : `${num(r.clients)} clients`;
}

/** A benchmark's own conditions (BENCH_NOTE when it was rerun alone); undefined when not recorded. */
function conditionText(result: unknown): string | undefined {
  const c = get(result, 'conditions');
  return typeof c === 'string' ? c : undefined;
}

/** The same as a paragraph; none when not recorded. */
function conditionsOf(result: unknown): string[] {
  const c = conditionText(result);
  return c === undefined ? [] : [`Conditions: ${c}`, ''];
}

/** The send path alone (`bench/fanout-send.ts`): CPU per flush and per socket. */
function fanoutSendSection(send: unknown): string[] {
  const runs = (get(send, 'runs') as R[] | undefined) ?? [];
  if (runs.length === 0) return [];
  return [
    '| send path alone (`bench/fanout-send.ts`) | CPU per flush p50 / p95 (ms) | CPU per socket p50 (µs) | load average |',
    '|---|---|---|---|',
    ...runs.map(
      (r) =>
        `| ${num(r.clients)} sockets | ${num(r.flush_cpu_p50_ms)} / ${num(r.flush_cpu_p95_ms)} | ${num(r.cpu_us_per_socket_p50)} | ${Array.isArray(r.load_average) ? (r.load_average as number[]).map(num).join(', ') : '–'} |`
    ),
    '',
    "The send path alone: the server's batcher and socket.io target in one process, one refresh pass's results (a delta and",
    'a whole result, a batch of about 3.5 kB) to every socket per round, and the CPU time (user and system, so the write',
    'system calls are in it) of the flush that writes them; a round starts once every client has the previous one.',
    '',
    ...conditionsOf(send)
  ];
}

/** One column per fan-out run (1,000, 5,000 and 10,000 clients by default). */
function fanoutTable(runs: R[]): string[] {
  if (runs.length === 0) return ['| fan-out | – |', '|---|---|'];
  const rows: [string, (r: R) => unknown][] = [
    ['client processes', (r) => r.client_processes],
    ['panels per client', (r) => r.panels],
    ['measured seconds', (r) => r.seconds],
    ['writes', (r) => r.writes],
    ['deliveries (socket x write) / missed', (r) => `${num(r.deliveries)} / ${num(r.missed)}`],
    ['messages received', (r) => r.pushes_received],
    [
      // Results from before the benchmark made its own writes were timed from each refresh.
      typeof runs[0]?.writes === 'number' ? 'from the write: p50 / p95 / p99 / max (ms)' : 'from the refresh: p50 / p95 / p99 / max (ms)',
      (r) => `${num(r.delivery_p50_ms)} / ${num(r.delivery_p95_ms)} / ${num(r.delivery_p99_ms)} / ${num(r.delivery_max_ms)}`
    ],
    ['from the refresh (`as_of`): p50 / p99 (ms)', (r) => `${num(r.from_refresh_p50_ms)} / ${num(r.from_refresh_p99_ms)}`],
    ['messages sent per second', (r) => r.messages_per_s],
    ['MiB sent per second', (r) => r.mib_sent_per_s],
    ['bytes per message', (r) => r.bytes_per_push],
    [
      'by event: messages, bytes each',
      (r) =>
        Object.entries((r.by_event as Record<string, R> | undefined) ?? {})
          .map(([ev, v]) => `${ev}: ${num(v.messages)}, ${num(v.bytes_per_message)}`)
          .join('; ')
    ],
    ['queries per tick', (r) => r.queries_per_tick],
    ['server CPU (% of one core)', (r) => r.server_cpu_percent],
    [
      'client processes CPU (% of one core), cores they ran on',
      (r) => (r.client_cpu_percent === undefined ? undefined : `${num(r.client_cpu_percent)}, ${num(r.client_cores)}`)
    ],
    ['server RSS peak (MiB)', (r) => r.server_rss_max_mib],
    [
      'load average (1, 5, 15 min) at the end',
      (r) => (Array.isArray(r.load_average) ? (r.load_average as number[]).map(num).join(', ') : undefined)
    ]
  ];
  return [
    `| fan-out | ${runs.map((r) => `${num(r.clients)} clients`).join(' | ')} |`,
    `|---|${runs.map(() => '---').join('|')}|`,
    ...rows.map(
      ([label, f]) =>
        `| ${label} | ${runs
          .map((r) => {
            const v = f(r);
            return typeof v === 'string' ? v : num(v);
          })
          .join(' | ')} |`
    )
  ];
}

/**
 * Where a measured write's time goes at each client count (bench/fanout-trace.ts), when the runs
 * were traced: each step's p50 / p95 in ms from the start of the POST.
 */
function fanoutBreakdownTable(runs: R[]): string[] {
  const traced = runs.filter((r) => Array.isArray(r.breakdown));
  if (traced.length === 0) return [];
  const stepsOf = (r: R) => r.breakdown as { step: string; p50: number; p95: number; n: number }[];
  const names = [...new Set(traced.flatMap((r) => stepsOf(r).map((s) => s.step)))];
  return [
    "Where a write's time goes on its way to the measured view's sockets: the server timestamps each step (`TRACE_FILE`,",
    "`server/lib/trace.ts`; `BENCH_FANOUT_TRACE=0` runs without), and each step's time is taken from the start of the POST, over",
    "the run's writes. The result waits between its query's end and the flush that sends it for the pass's other results (the",
    'pass hold: 50 ms, or twice the last flush when that is more, `server/live/flush-pacer.ts`).',
    '',
    `| step, ms from the POST: p50 / p95 | ${traced.map((r) => `${num(r.clients)} clients`).join(' | ')} |`,
    `|---|${traced.map(() => '---').join('|')}|`,
    ...names.map((name) => {
      const cells = traced.map((r) => {
        const s = stepsOf(r).find((x) => x.step === name);
        return s ? `${num(s.p50)} / ${num(s.p95)}` : '–';
      });
      return `| ${name} | ${cells.join(' | ')} |`;
    }),
    ''
  ];
}

/** Each SQL panel's planning beside its answer (bench/panel-planning.ts), when it has been run. */
function planningSection(planning: unknown): string[] {
  const rows = (get(planning, 'panels') as R[] | undefined) ?? [];
  if (rows.length === 0) return [];
  return [
    "### Where a panel's answer goes: planning",
    '',
    `\`bench/panel-planning.ts\`, run ${num(get(planning, 'ran_at'))}: each SQL panel's default view as \`EXPLAIN PLAN\` (the engine parses and analyses the query and builds its plan, and reads nothing) beside the answer itself, interleaved, medians of ${num(get(planning, 'runs'))} (\`EXPLAIN PLAN\` also writes the plan out as text, so for the cheapest panels it can take as long as the answer). \`SELECT 1\` took ${num(get(planning, 'select_1_p50_ms'))} ms. On the embedded engine most of a panel's answer is planning, and planning does not grow with the rows stored: it grows with the expressions analysed, an alias counted once for every place that names it. A chain of aliases over ten numbers, each link naming the one before three times, took ${((get(planning, 'alias_chain_p50_ms') as number[] | undefined) ?? []).map(num).join(', ')} ms with one, two, three and four links: cutting a panel's planning means fewer expressions and fewer alias chains, not fewer rows.${conditionText(planning) === undefined ? '' : ` Conditions: ${conditionText(planning)}`}`,
    '',
    '| panel | source | EXPLAIN PLAN p50 ms | answer p50 ms | planning share |',
    '|---|---|---|---|---|',
    ...rows.map(
      (r) => `| ${String(r.panel)} | ${String(r.source)} | ${num(r.plan_p50_ms)} | ${num(r.answer_p50_ms)} | ${num(r.plan_share)} |`
    ),
    ''
  ];
}

/** `npm run bench -- overload` and `-- fuzz`, when they have been run. */
function overloadSection(overload: unknown, fuzz: unknown): string[] {
  const cases = (get(overload, 'cases') as R[] | undefined) ?? [];
  const out: string[] = [];
  if (cases.length > 0) {
    out.push(
      '## Overload (`npm run bench -- overload`, run on request)',
      '',
      `Run ${num(get(overload, 'ran_at'))}. /api/health sampled every 20 ms from a separate thread; budget: within 100 ms.`,
      '',
      '| case | answers | health p50 / p99 / max (ms) | peak RSS (MiB) | seconds |',
      '|---|---|---|---|---|',
      ...cases.map(
        (c) =>
          `| ${String(c.case)}${c.new_viewer_first_data_ms !== undefined ? ` (new viewer's first data: ${num(c.new_viewer_first_data_ms)} ms)` : ''} | ${JSON.stringify(c.statuses ?? {})} | ${num(c.health_p50_ms)} / ${num(c.health_p99_ms)} / ${num(c.health_max_ms)} | ${num(c.peak_rss_mib)} | ${num(c.seconds)} |`
      ),
      ''
    );
  }
  if (fuzz && typeof fuzz === 'object' && get(fuzz, 'cases') !== undefined) {
    out.push(
      '## Hostile input (`npm run bench -- fuzz`, run on request)',
      '',
      `Run ${num(get(fuzz, 'ran_at'))}: ${num(get(fuzz, 'cases'))} cases, seed ${num(get(fuzz, 'seed'))}, ${get(fuzz, 'passed') ? 'all sound' : 'FAILED'}; answers by status (0: socket acks): ${JSON.stringify(get(fuzz, 'by_status'))}.`,
      ''
    );
  }
  return out;
}

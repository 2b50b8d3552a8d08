// Renders docs/PERFORMANCE.md from a benchmark run: every number in it comes from the results
// object, next to the design budget it is measured against.

type R = Record<string, unknown>;
const get = (r: unknown, k: string): unknown => (r && typeof r === 'object' ? (r as R)[k] : undefined);
const num = (v: unknown): string => (typeof v === 'number' ? v.toLocaleString('en-US') : String(v ?? '–'));
const verdict = (ok: boolean | null): string => (ok === null ? '–' : ok ? 'met' : 'missed');

export function renderPerformance(results: R): string {
  const m = results.machine as R;
  const ingest = results.ingest;
  const i2s = results.ingest_to_screen;
  const fan = results.fanout;
  const fc = results.forecast;
  const wall = results.wall_soak;
  const warc = results.warc;
  const panels = (get(results.panels, 'panels') as R[] | undefined) ?? [];
  const sqlPanels = panels.filter((p) => p.source !== 'computed');
  const computed = panels.filter((p) => p.source === 'computed');
  const worst = (list: R[]) => [...list].sort((a, b) => Number(b.p95_ms) - Number(a.p95_ms))[0];
  const lt = (v: unknown, max: number) => (typeof v === 'number' ? v <= max : null);
  const gt = (v: unknown, min: number) => (typeof v === 'number' ? v >= min : null);

  const lines: string[] = [
    '# Performance',
    '',
    'Numbers from one run of `npm run bench` (raw results: `bench/results/latest.json`). Each line of the',
    'design budget is measured by the script named beside it. Rerun on your own hardware; the budget was',
    'set for a 2-core machine like this one.',
    '',
    `Machine: ${num(m?.cpu)}, ${num(m?.cores)} cores, ${num(m?.memory_gib)} GiB, Node ${num(m?.node)}, ${num(m?.platform)}.`,
    '',
    `Runs: ${['forecast', 'ingest', 'ingest_to_screen', 'panels', 'fanout', 'wall_soak', 'warc'].map((k) => `${k} ${num(get(results[k], 'ran_at'))}`).join('; ')}.`,
    '',
    '## Summary against the budget',
    '',
    '| budget line | target | measured | |',
    '|---|---|---|---|',
    `| ingest, one large HTTP NDJSON POST (\`bench/ingest.ts\`) | 250,000 crawl rows/s | ${num(get(ingest, 'one_post_rows_per_s'))} rows/s | ${verdict(gt(get(ingest, 'one_post_rows_per_s'), 250_000))} |`,
    `| ingest, sustained POSTs of 100,000 rows | 250,000 rows/s | ${num(get(ingest, 'sustained_rows_per_s'))} rows/s | ${verdict(gt(get(ingest, 'sustained_rows_per_s'), 250_000))} |`,
    `| ingest vs chDB's own \`INSERT ... FORMAT JSONEachRow\` of the same bytes | at least 0.5 | ${num(get(ingest, 'http_vs_chdb'))} (chDB: ${num(get(ingest, 'chdb_insert_rows_per_s'))} rows/s) | ${verdict(gt(get(ingest, 'http_vs_chdb'), 0.5))} |`,
    `| SQL panels over ${num(get(results.panels, 'crawl_rows'))} crawl rows (\`bench/panels.ts\`), worst p95 | 25 ms | ${num(Math.max(...sqlPanels.map((p) => Number(p.p95_ms))))} ms (${String(worst(sqlPanels)?.panel ?? '–')}) | ${verdict(sqlPanels.length ? sqlPanels.every((p) => Number(p.p95_ms) <= 25) : null)} |`,
    `| computed panels (diversity over sampled texts, training trend, forecast), worst p95 | 25 ms | ${num(Math.max(...computed.map((p) => Number(p.p95_ms))))} ms (${String(worst(computed)?.panel ?? '–')}) | ${verdict(computed.length ? computed.every((p) => Number(p.p95_ms) <= 25) : null)} |`,
    `| fan-out: queries per tick with ${num(get(fan, 'clients'))} clients on ${num(get(fan, 'distinct_keys'))} distinct views (\`bench/fanout.ts\`) | = distinct views, not clients | ${num(get(fan, 'queries_per_tick'))} | ${verdict(typeof get(fan, 'queries_per_tick') === 'number' ? Number(get(fan, 'queries_per_tick')) <= Number(get(fan, 'distinct_keys')) : null)} |`,
    `| fan-out: delivery p99 after the refresh | 150 ms | ${num(get(fan, 'delivery_p99_ms'))} ms | ${verdict(lt(get(fan, 'delivery_p99_ms'), 150))} |`,
    `| ingest to screen, p95 from the accepted POST (\`bench/ingest-to-screen.ts\`) | 1 s | ${num(get(i2s, 'from_accept_p95_ms'))} ms | ${verdict(lt(get(i2s, 'from_accept_p95_ms'), 1000))} |`,
    `| forecast, 100,000 draws (\`bench/forecast.ts\`), p95 | 100 ms | ${num(get(fc, 'p95_ms'))} ms | ${verdict(lt(get(fc, 'p95_ms'), 100))} |`,
    `| wall display: JS heap over a ${num(get(wall, 'duration_s'))} s soak (\`bench/wall-soak.ts\`) | flat | ${num(get(wall, 'summary') ?? get(wall, 'error'))} | |`,
    '',
    '## Ingest',
    '',
    '| measure | value |',
    '|---|---|',
    ...Object.entries((ingest as R) ?? {}).map(([k, v]) => `| ${k} | ${num(v)} |`),
    '',
    '## Panels',
    '',
    `${num(get(results.panels, 'crawl_rows'))} crawl rows and ${num(get(results.panels, 'market_rows'))} market rows (simulated history topped up with rows generated in ClickHouse); ${num(get(results.panels, 'runs'))} runs per panel after one warm-up, each panel with its default view. "raw" is the same panel forced onto the raw table.`,
    '',
    '| panel | source | p50 ms | p95 ms | raw p50 ms | raw p95 ms |',
    '|---|---|---|---|---|---|',
    ...panels.map(
      (p) => `| ${p.panel} | ${p.source} | ${num(p.p50_ms)} | ${num(p.p95_ms)} | ${num(p.raw_p50_ms)} | ${num(p.raw_p95_ms)} |`
    ),
    '',
    '## Fan-out and ingest to screen',
    '',
    '| measure | value |',
    '|---|---|',
    ...Object.entries((fan as R) ?? {}).map(([k, v]) => `| fanout ${k} | ${num(v)} |`),
    ...Object.entries((i2s as R) ?? {}).map(([k, v]) => `| ingest_to_screen ${k} | ${num(v)} |`),
    '',
    'Delivery delay is the time from the start of a refresh (the `as_of` of the result) to its arrival at a',
    "client, so it includes the query. Clients and server share this machine's two cores.",
    '',
    '## Forecast and wall display',
    '',
    '| measure | value |',
    '|---|---|',
    ...Object.entries((fc as R) ?? {}).map(([k, v]) => `| forecast ${k} | ${num(v)} |`),
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
    ''
  ];
  return lines.join('\n');
}

// The command line of `npm run import`: parsed into options (node:util parseArgs), or a usage
// error that says what is wrong.
import { parseArgs } from 'node:util';
import { STREAMS, isStream, type Stream } from '../../src/lib/contract/streams';
import type { GenericCsvOptions } from './series/generic';

export const IMPORT_FORMATS = ['csv', 'ndjson', 'parquet', 'epoch'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export interface ImportArgs {
  stream: Stream;
  file: string;
  /** Crawl files only: every file, folder or pattern given (the shell may expand a glob to many). */
  more?: string[];
  format?: ImportFormat;
  server?: string;
  token?: string;
  json: boolean;
  /** Series stream: the recipe to read the CSV with (default: from its header). */
  recipe?: string;
  /** Series stream: the generic CSV recipe's description of the file. */
  generic?: Partial<GenericCsvOptions>;
}

export const USAGE = `usage: npm run import -- <stream> <file> [--format csv|ndjson|parquet|epoch] [--server URL] [--token T] [--json]
       npm run import -- crawl <file.warc.wet.gz | file.warc.gz | folder | 'pattern*.wet.gz'>... [--server URL] [--token T] [--json]

  <stream>   ${STREAMS.join(', ')}
  <file>     CSV (with a header), NDJSON or Parquet whose columns are the stream's ingest fields
             (docs/INGEST.md), or Epoch AI's "All ML Systems" CSV for the training stream.
  --format   default: from the file extension (.csv, .ndjson/.jsonl, .parquet); a training CSV
             with Epoch's columns is read as epoch.
             Crawl files (WARC or WET, .warc/.wet, gzipped or not), folders of them or a
             pattern with * in the file name go to the crawl stream as documents.
  --server   import through a running server's HTTP API. Default: http://localhost:$PORT (3000)
             when its /api/health answers, else straight into the database at $CHDB_PATH (./data)
             or $CLICKHOUSE_URL.
  --token    the server's INGEST_TOKEN (default: $INGEST_TOKEN).
  --json     print the report as JSON on stdout.

  series CSVs are read by a recipe: Common Crawl's crawl sizes, languages and top-level domains,
  Indeed's postings by sector, Kobak et al.'s word frequencies are known by their header
  (--recipe cc-crawlsize|cc-languages|cc-tld|indeed-sectors|kobak-words forces one). Any other
  table, long or wide, with the generic recipe (--recipe csv, implied by its flags):
  --date COL         the date column (YYYY, YYYY-MM or YYYY-MM-DD)
  --series ID        series id, e.g. oecd.gdp
  --source TEXT      citation shown with the series
  --value COL,...    value columns (default: every column but the date and labels)
  --labels COL,...   columns whose text labels each value (long tables)
  --column-label N   label naming the value column when there are several (default: column)
  --unit, --licence, --url
       npm run import -- compute-projection <file>
             a compute projection in Epoch AI's format (rows index,log10_flop,year) for the
             forecast's compute-based projection, written straight into the database.

See docs/IMPORT.md.`;

export class UsageError extends Error {
  override name = 'UsageError';
}

const VALUE_OPTIONS = [
  'format',
  'server',
  'token',
  'recipe',
  'date',
  'series',
  'source',
  'value',
  'labels',
  'column-label',
  'unit',
  'licence',
  'url'
];

export function parseImportArgs(argv: readonly string[], env: Record<string, string | undefined> = {}): ImportArgs | 'help' {
  if (argv.includes('--help') || argv.includes('-h')) return 'help';
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: { json: { type: 'boolean' }, ...Object.fromEntries(VALUE_OPTIONS.map((o) => [o, { type: 'string' as const }])) }
    });
  } catch (e) {
    throw usageFrom(e);
  }
  const opts: Record<string, string> = {};
  for (const o of VALUE_OPTIONS) {
    const v = parsed.values[o];
    if (v === '') throw new UsageError(`--${o} needs a value`);
    if (typeof v === 'string') opts[o] = v;
  }
  const json = parsed.values.json === true;
  const positional = parsed.positionals;
  const crawlFiles = positional[0] === 'crawl' && positional.length > 2;
  if (positional.length !== 2 && !crawlFiles) throw new UsageError(`expected <stream> <file>, got ${positional.length} argument(s)`);
  const [stream, file] = positional as [string, string];
  if (!isStream(stream)) throw new UsageError(`unknown stream ${JSON.stringify(stream)}; streams are ${STREAMS.join(', ')}`);
  const format = opts.format;
  if (format !== undefined && !(IMPORT_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format must be one of ${IMPORT_FORMATS.join(', ')}`);
  }
  if (format === 'epoch' && stream !== 'training') throw new UsageError('--format epoch imports into the training stream');
  const server = opts.server;
  if (server !== undefined && !/^https?:\/\/[^/\s]+/.test(server))
    throw new UsageError('--server must be an http(s) URL such as http://localhost:3000');
  const token = opts.token ?? (env.INGEST_TOKEN?.trim() || undefined);
  const list = (v: string | undefined) =>
    v
      ?.split(',')
      .map((c) => c.trim())
      .filter((c) => c !== '');
  const generic: Partial<GenericCsvOptions> = {};
  if (opts.date) generic.date = opts.date;
  if (opts.series) generic.series = opts.series;
  if (opts.source) generic.source = opts.source;
  if (opts.unit) generic.unit = opts.unit;
  if (opts.licence) generic.licence = opts.licence;
  if (opts.url) generic.url = opts.url;
  if (opts['column-label']) generic.columnLabel = opts['column-label'];
  const values = list(opts.value);
  if (values) generic.values = values;
  const labels = list(opts.labels);
  if (labels) generic.labels = labels;
  const seriesOnly = Object.keys(generic).length > 0 || opts.recipe !== undefined;
  if (seriesOnly && stream !== 'series') throw new UsageError('--recipe and the generic CSV flags import into the series stream');
  return {
    ...(opts.recipe !== undefined ? { recipe: opts.recipe } : {}),
    ...(Object.keys(generic).length > 0 ? { generic } : {}),
    stream,
    file,
    ...(crawlFiles ? { more: positional.slice(2) } : {}),
    json,
    ...(format !== undefined ? { format: format as ImportFormat } : {}),
    ...(server !== undefined ? { server: server.replace(/\/+$/, '') } : {}),
    ...(token !== undefined ? { token } : {})
  };
}

/** parseArgs's errors in the words of the other usage errors (the option's name first). */
function usageFrom(e: unknown): Error {
  const code = (e as { code?: string }).code;
  const message = (e as Error).message;
  const option = /'(--?[\w-]+)/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return new UsageError(`unknown option ${option ?? message}`);
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return new UsageError(`${option ?? 'an option'} needs a value`);
  if (code?.startsWith('ERR_PARSE_ARGS')) return new UsageError(message);
  return e as Error;
}

/** WARC and WET files as Common Crawl and crawlers name them: .warc, .wet, .warc.wet, each optionally .gz. */
export function isCrawlFileName(file: string): boolean {
  return /\.(warc|wet)(\.gz)?$/i.test(file);
}

/** The format a file's name suggests, or undefined. */
export function formatFromName(file: string): Exclude<ImportFormat, 'epoch'> | undefined {
  const lower = file.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.ndjson') || lower.endsWith('.jsonl')) return 'ndjson';
  if (lower.endsWith('.parquet')) return 'parquet';
  return undefined;
}

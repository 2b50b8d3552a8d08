import type { Engine } from '../engine/engine';
import { neutraliseCsv } from './csv-safe';
import { datapackageZip } from './datapackage';
import type { PanelDef, View } from './definition';
import { withKeyValueMetadata } from './parquet-meta';
import type { Provenance } from './provenance';

export const EXPORT_FORMATS = ['json', 'csv', 'parquet', 'datapackage'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const CH_FORMAT = { csv: 'CSVWithNames', parquet: 'Parquet' } as const;
const CONTENT_TYPE = { csv: 'text/csv; charset=utf-8', parquet: 'application/vnd.apache.parquet', datapackage: 'application/zip' } as const;
const EXTENSION = { csv: 'csv', parquet: 'parquet', datapackage: 'zip' } as const;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The panel's rows as a SELECT: its own SQL, or for computed panels (no SQL of their own) the
 * computed rows read back through ClickHouse's format table function, so every format comes out
 * of the same writer. The structure comes from the panel's columns rather than ClickHouse's
 * guess, which fails on an empty result and on a large number after small ones.
 */
async function rowsQuery(
  engine: Engine,
  def: PanelDef,
  view: View,
  tag: string
): Promise<{ sql: string; params: Record<string, unknown> }> {
  if (def.kind === 'sql') {
    const q = def.build(view);
    return { sql: q.sql, params: q.params };
  }
  const rows = await def.compute(engine, view, tag);
  const cols = def.info.columns;
  const typeOf = (role: string) => (role === 'time' ? 'Nullable(Int64)' : role === 'measure' ? 'Nullable(Float64)' : 'Nullable(String)');
  const structure = cols.map((c) => `${c.name} ${typeOf(c.role)}`).join(', ');
  // format() cannot read an empty input, so no rows is a typed SELECT that returns none.
  if (rows.length === 0)
    return { sql: `SELECT ${cols.map((c) => `CAST(NULL AS ${typeOf(c.role)}) AS ${c.name}`).join(', ')} WHERE 0`, params: {} };
  return {
    sql: `SELECT ${cols.map((c) => c.name).join(', ')} FROM format(JSONEachRow, '${structure}', {data:String})`,
    params: { data: rows.map((r) => JSON.stringify(r)).join('\n') }
  };
}

/**
 * A panel's rows in a file format, written by ClickHouse itself (its CSV and Parquet writers know
 * the column types; CSV text cells are then made safe to open in a spreadsheet), with a file name
 * that says what and when: panel, window, grain. CSV (alone or in a data package) writes times as
 * ISO 8601 UTC and nulls as empty cells; Parquet keeps epoch milliseconds, which its readers
 * type, and carries the provenance in its key-value metadata; the data package adds a
 * datapackage.json describing the CSV.
 */
export async function exportPanel(
  engine: Engine,
  def: PanelDef,
  view: View,
  format: Exclude<ExportFormat, 'json'>,
  tag: string,
  provenance: Provenance
) {
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace(/[:T]/g, '');
  const filename = `${def.info.id.replace('.', '_')}_${day(view.fromMs)}_${day(view.toMs)}_${view.grain}.${EXTENSION[format]}`;
  const cols = def.info.columns;
  for (const c of cols) if (!IDENTIFIER.test(c.name)) throw new Error(`column name ${c.name} is not an identifier`);
  const q = await rowsQuery(engine, def, view, tag);
  if (format === 'parquet') {
    const body = await engine.bytes(`${q.sql}\nFORMAT ${CH_FORMAT.parquet}`, { tag, params: q.params, timeoutS: 30 });
    return { body: withKeyValueMetadata(body, parquetMetadata(provenance)), filename, contentType: CONTENT_TYPE.parquet };
  }
  const times = cols.filter((c) => c.role === 'time').map((c) => c.name);
  // Times leave as text in ISO 8601 UTC (a bucket start, whole seconds): readers and spreadsheets
  // take it as a date, where epoch milliseconds are a bare number.
  const iso = (name: string) => `formatDateTime(fromUnixTimestamp64Milli(toInt64(${name}), 'UTC'), '%Y-%m-%dT%H:%i:%SZ', 'UTC') AS ${name}`;
  const sql = times.length === 0 ? q.sql : `SELECT * REPLACE (${times.map(iso).join(', ')}) FROM (\n${q.sql}\n)`;
  const raw = await engine.bytes(`${sql}\nSETTINGS format_csv_null_representation = ''\nFORMAT ${CH_FORMAT.csv}`, {
    tag,
    params: q.params,
    timeoutS: 30
  });
  const csv = Buffer.from(neutraliseCsv(raw.toString('utf8')));
  if (format === 'csv') return { body: csv, filename, contentType: CONTENT_TYPE.csv };
  return { body: datapackageZip(def.info, provenance, csv), filename, contentType: CONTENT_TYPE.datapackage };
}

/** The provenance as Parquet key-value pairs: the whole object, and the fields a reader looks for first. */
function parquetMetadata(p: Provenance): Record<string, string> {
  return {
    'pdo.provenance': JSON.stringify(p),
    'pdo.origin': p.origin,
    'pdo.simulated': String(p.simulated),
    'pdo.sources': p.sources.map((s) => s.source).join('; '),
    'pdo.licences': [...new Set(p.sources.map((s) => s.licence))].join('; '),
    'pdo.attribution': p.attribution,
    'pdo.window': `${p.window.from}/${p.window.to}`
  };
}

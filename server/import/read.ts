// Reading an import file into records. CSV and Parquet are parsed by ClickHouse itself (the
// `file` table function), which knows quoting, multi-line fields, byte-order marks and Parquet's
// types better than anything written here; NDJSON is the ingest contract's own format and goes
// through line by line, so its line numbers are exact. Every value reaches SQL as a bound
// parameter; the only identifiers in the SQL are column names from our allow-lists.
import { readFileSync } from 'node:fs';
import type { Engine } from '../engine/engine';

/** One record of the file: its position (for messages) and its values by column name. */
interface FileRecord {
  /** 0-based index among the file's data records. */
  index: number;
  /** 1-based line of the file where the record starts (NDJSON), when known without a scan. */
  line?: number;
  values: Record<string, unknown>;
}

export class ImportFileError extends Error {
  override name = 'ImportFileError';
}

interface Column {
  name: string;
  type: string;
}

/** Settings inline in the SQL (never session SETs, which outlive the query in chDB). */
const CSV_SETTINGS =
  // Every CSV column as Nullable(String): the contract's own checks convert and judge the values,
  // so "007" stays a posting id and an empty cell is "not given", not 0.
  'input_format_csv_use_best_effort_in_schema_inference = 0, ' +
  // A SELECT of some columns of a wider file; which columns are allowed is checked beforehand.
  'input_format_skip_unknown_fields = 1, max_execution_time = 0';

/** The columns of a CSV or Parquet file, as ClickHouse reads them. */
export async function describeFile(engine: Engine, path: string, format: 'csv' | 'parquet'): Promise<Column[]> {
  const sql = `DESCRIBE file({path:String}, '${chFormat(format)}')${format === 'csv' ? ` SETTINGS ${CSV_SETTINGS}` : ''}`;
  try {
    const rows = await engine.rows<{ name: string; type: string }>(sql, { tag: 'import.describe', params: { path }, timeoutS: 60 });
    return rows.map((r) => ({ name: r.name, type: r.type }));
  } catch (e) {
    throw new ImportFileError(`cannot read ${path} as ${format.toUpperCase()}: ${firstLine((e as Error).message)}`);
  }
}

/**
 * The records of a CSV or Parquet file, in file order, reading only `wanted` columns (which must
 * be among `columns`). `uint64` names columns to read as decimal text (JSON numbers above 2^53
 * lose digits). Times in Parquet come out as epoch milliseconds, dates as YYYY-MM-DD.
 */
export async function readTable(
  engine: Engine,
  path: string,
  format: 'csv' | 'parquet',
  columns: readonly Column[],
  wanted: readonly string[],
  uint64: ReadonlySet<string> = new Set()
): Promise<FileRecord[]> {
  const byName = new Map(columns.map((c) => [c.name, c]));
  const exprs = wanted.map((name) => {
    const col = byName.get(name);
    if (!col) throw new Error(`column ${name} is not in the file`);
    return `${valueExpr(quoteIdent(name), col.type, uint64.has(name))} AS ${quoteIdent(name)}`;
  });
  const sql =
    `SELECT _row_number AS __row, ${exprs.join(', ')} FROM file({path:String}, '${chFormat(format)}') ` +
    `ORDER BY __row SETTINGS ${format === 'csv' ? CSV_SETTINGS : 'max_execution_time = 0'} FORMAT JSONEachRow`;
  let out: Buffer;
  try {
    out = await engine.bytes(sql, { tag: 'import.read', params: { path }, timeoutS: 0 });
  } catch (e) {
    throw new ImportFileError(`cannot read ${path} as ${format.toUpperCase()}: ${firstLine((e as Error).message)}`);
  }
  const records: FileRecord[] = [];
  const text = out.toString('utf8');
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const line = text.slice(start, end);
    start = end + 1;
    if (line === '') continue;
    const { __row, ...values } = JSON.parse(line) as Record<string, unknown>;
    records.push({ index: Number(__row), values });
  }
  return records;
}

/** The non-blank lines of an NDJSON file, each with its 1-based line number; objects stay unparsed. */
export function readNdjsonLines(path: string): { line: number; text: string }[] {
  const text = readFileSync(path, 'utf8');
  const out: { line: number; text: string }[] = [];
  let n = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    n++;
    let raw = text.slice(start, end);
    start = end + 1;
    if (raw.endsWith('\r')) raw = raw.slice(0, -1);
    if (n === 1 && raw.charCodeAt(0) === 0xfeff) raw = raw.slice(1);
    if (raw.trim() !== '') out.push({ line: n, text: raw });
  }
  return out;
}

/** How a column's value is selected: times as epoch ms, dates as text, big integers as text. */
function valueExpr(ident: string, type: string, asText: boolean): string {
  const base = type.replace(/^(Nullable|LowCardinality)\((.*)\)$/, '$2').replace(/^(Nullable|LowCardinality)\((.*)\)$/, '$2');
  if (asText) return `toString(${ident})`;
  if (/^DateTime/.test(base)) return `toUnixTimestamp64Milli(toDateTime64(${ident}, 3, 'UTC'))`;
  if (/^Date(32)?$/.test(base)) return `toString(${ident})`;
  if (/^Decimal/.test(base)) return `toFloat64(${ident})`;
  return ident;
}

/** Backquoted identifier; names come from our allow-lists, the escaping is a second guard. */
function quoteIdent(name: string): string {
  return `\`${name.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``;
}

function chFormat(f: 'csv' | 'parquet'): string {
  return f === 'csv' ? 'CSVWithNames' : 'Parquet';
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}

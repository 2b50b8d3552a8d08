// One import from start to end: pick the target, read the file into contract rows, check them
// all, then send the batches with a progress bar, and report what happened to every record.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import type { Stream } from '../../src/lib/contract/streams';
import { embeddedConfig, openEngine, type Engine } from '../engine/engine';
import { formatFromName, type ImportArgs, type ImportFormat } from './args';
import { EPOCH_COLUMNS, convertEpoch, epochSource } from './epoch';
import { STREAM_FIELDS, toContractRow } from './fields';
import { planBatches, type PlannedRow } from './plan';
import { progressBar, type ProgressSink } from './progress';
import { readCsv } from './csv';
import { ImportFileError, describeFile, readNdjsonLines, readTable } from './read';
import { convertSeriesCsv } from './series/convert';
import { directTarget, httpTarget, ImportTargetError, serverAnswers, type ImportTarget } from './target';

export interface ImportReport {
  stream: Stream;
  file: string;
  format: ImportFormat;
  /** How the rows went in: through a server's HTTP API or straight into the database. */
  via: 'http' | 'direct';
  target: string;
  /** Data records in the file (for Epoch's table: every system, usable or not). */
  records: number;
  /** Rows sent in this run. */
  rows: number;
  /** Rows written by this run. */
  imported: number;
  /** Rows of batches an earlier run of the same file had written already (not written again). */
  already_imported: number;
  batches: number;
  /** Records left out, by reason (Epoch's table only; other formats fail on a bad row instead). */
  skipped: Record<string, number>;
  /** How the dataset-size unit of each imported Epoch row was decided (see server/import/epoch.ts). */
  units?: Record<string, number>;
  /** Series CSVs: the recipe that read the file. */
  recipe?: string;
}

export interface RunIo {
  env: Record<string, string | undefined>;
  progress?: ProgressSink;
  /** Where to look for a running server when --server is not given. @default http://localhost:$PORT */
  defaultServer?: string;
}

export async function runImport(args: ImportArgs, io: RunIo): Promise<ImportReport> {
  const path = resolve(args.file);
  if (!existsSync(path) || !statSync(path).isFile()) throw new ImportFileError(`no such file: ${path}`);
  let format: ImportFormat | undefined = args.format ?? formatFromName(path);
  if (!format)
    throw new ImportFileError(`cannot tell the format of ${basename(path)} from its name; pass --format csv|ndjson|parquet|epoch`);
  const bytes = readFileSync(path);
  const sha = createHash('sha256').update(bytes).digest('hex');

  const target = await chooseTarget(args, io);
  let scratch: { engine: Engine; dir: string } | null = null;
  try {
    const parser = async (): Promise<Engine> => {
      if (target.localEngine) return target.localEngine;
      // A parsing-only engine in a throwaway directory: the server's database stays the server's.
      if (!scratch) {
        const dir = mkdtempSync(join(tmpdir(), 'pdo-import-'));
        const engine = await openEngine(embeddedConfig(dir));
        scratch = { engine, dir };
      }
      return scratch.engine;
    };

    const series = args.stream === 'series' && format === 'csv' ? convertSeriesCsv(bytes.toString('utf8'), path, args) : null;
    const read = series ? { format, ...series } : await readRows(args.stream, path, format, bytes, parser);
    format = read.format;
    const batches = planBatches(args.stream, read.rows, sha);
    const total = read.rows.length;
    const bar = progressBar(`import ${args.stream}`, total, io.progress ?? process.stderr);
    let sent = 0;
    let imported = 0;
    let already = 0;
    for (const b of batches) {
      const r = await target.send(args.stream, b);
      if (r.replayed) already += r.accepted;
      else imported += r.accepted;
      sent += b.rows;
      bar.update(sent);
    }
    bar.finish();
    return {
      stream: args.stream,
      file: path,
      format,
      via: target.kind,
      target: target.where,
      records: read.records,
      rows: total,
      imported,
      already_imported: already,
      batches: batches.length,
      skipped: read.skipped,
      ...('units' in read && read.units ? { units: read.units } : {}),
      ...(series ? { recipe: series.recipe } : {})
    };
  } finally {
    await target.close();
    const s = scratch as { engine: Engine; dir: string } | null;
    if (s) {
      await s.engine.close();
      rmSync(s.dir, { recursive: true, force: true });
    }
  }
}

export async function chooseTarget(args: ImportArgs, io: RunIo): Promise<ImportTarget> {
  if (args.server) {
    // A server the user named is waited for longer than the probe for a local one: a busy
    // server answering late is still the one to import through.
    if (!(await serverAnswers(args.server, 15_000))) throw new ImportTargetError(`no server answers at ${args.server}/api/health`);
    return httpTarget(args.server, args.token);
  }
  const local = io.defaultServer ?? `http://localhost:${io.env.PORT?.trim() || '3000'}`;
  if (await serverAnswers(local)) return httpTarget(local, args.token);
  return directTarget(io.env);
}

interface ReadRows {
  format: ImportFormat;
  records: number;
  rows: PlannedRow[];
  skipped: Record<string, number>;
  units?: Record<string, number>;
}

async function readRows(
  stream: Stream,
  path: string,
  format: ImportFormat,
  bytes: Buffer,
  parser: () => Promise<Engine>
): Promise<ReadRows> {
  if (format === 'ndjson') {
    const lines = readNdjsonLines(path);
    if (lines.length === 0) throw new ImportFileError(`${basename(path)} has no rows`);
    return { format, records: lines.length, rows: lines.map((l) => ({ json: l.text, where: `line ${l.line}` })), skipped: {} };
  }
  const engine = await parser();
  const tableFormat = format === 'parquet' ? 'parquet' : 'csv';
  const columns = await describeFile(engine, path, tableFormat);
  const names = columns.map((c) => c.name);
  const looksEpoch = names.includes('System') && names.includes('Training dataset size (datapoints)');
  // csv-parse checks the file before ClickHouse reads it (a stray or unclosed quote, a record of
  // the wrong width stop the import with their line) and gives each record's line for messages.
  const lines = tableFormat === 'csv' ? readCsv(bytes.toString('utf8'), basename(path)).records.map((r) => r.line) : [];
  const where = (index: number) => (tableFormat === 'csv' ? `line ${lines[index] ?? '?'}` : `row ${index + 1}`);

  if (format === 'epoch' || (format === 'csv' && stream === 'training' && looksEpoch)) {
    const missing = EPOCH_COLUMNS.filter((c) => !names.includes(c));
    if (missing.length > 0) {
      throw new ImportFileError(
        `${basename(path)} is not Epoch AI's "All ML Systems" table: it lacks ${missing.map((m) => `"${m}"`).join(', ')}`
      );
    }
    const records = await readTable(engine, path, 'csv', columns, EPOCH_COLUMNS);
    const conv = convertEpoch(
      records.map((r) => r.values as Record<string, string | null>),
      epochSource(basename(path))
    );
    return {
      format: 'epoch',
      records: records.length,
      rows: conv.rows.map((r) => ({ json: JSON.stringify(r.row), where: where(records[r.index]?.index ?? r.index) })),
      skipped: conv.skipped,
      units: conv.units
    };
  }

  const fields = STREAM_FIELDS[stream];
  const unknown = names.filter((n) => fields[n] === undefined);
  if (unknown.length > 0) {
    throw new ImportFileError(
      `${basename(path)}: unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${u}"`).join(', ')}; ` +
        `the ${stream} stream takes ${Object.keys(fields).join(', ')} (docs/INGEST.md)`
    );
  }
  const uint64 = new Set(names.filter((n) => fields[n] === 'uint64'));
  const records = await readTable(engine, path, tableFormat, columns, names, uint64);
  if (records.length === 0) throw new ImportFileError(`${basename(path)} has no rows`);
  return {
    format,
    records: records.length,
    rows: records.map((r) => ({ json: JSON.stringify(toContractRow(stream, r.values)), where: where(r.index) })),
    skipped: {}
  };
}

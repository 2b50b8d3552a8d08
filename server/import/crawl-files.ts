// `npm run import -- crawl <files, folders, patterns>`: WARC and WET files streamed record by
// record into the crawl stream, through a running server or straight into the database, with a
// progress bar over the bytes and a report of every record left out and why.
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ingestWarc, type WarcSummary } from '../warc/ingest';
import { markerGroup } from '../warc/markers';
import { isCrawlFileName, type ImportArgs } from './args';
import { progressBar } from './progress';
import { ImportFileError } from './read';
import type { RunIo } from './run';
import type { ImportTarget } from './target';

export interface CrawlFileReport extends WarcSummary {
  file: string;
  bytes: number;
}

export interface CrawlImportReport {
  stream: 'crawl';
  format: 'warc';
  via: 'http' | 'direct';
  target: string;
  files: CrawlFileReport[];
  /** Sums over the files. */
  total: Omit<CrawlFileReport, 'file'>;
  seconds: number;
  records_per_s: number;
  /** Compressed (as stored) megabytes per second. */
  mb_per_s: number;
}

/** Files, folders (their crawl files, sorted) and patterns with * or ? in the file name. */
function expandCrawlInputs(inputs: readonly string[]): string[] {
  const out: string[] = [];
  for (const input of inputs) {
    const path = resolve(input);
    if (/[*?]/.test(basename(path))) {
      const dir = dirname(path);
      const re = new RegExp(
        `^${basename(path)
          .replace(/[.+^${}()|[\]\\]/g, '\\$&')
          .replace(/\*/g, '.*')
          .replace(/\?/g, '.')}$`
      );
      const found = existsSync(dir) ? readdirSync(dir).filter((f) => re.test(f) && isCrawlFileName(f)) : [];
      if (found.length === 0) throw new ImportFileError(`no crawl files match ${input}`);
      out.push(...found.sort().map((f) => join(dir, f)));
    } else if (existsSync(path) && statSync(path).isDirectory()) {
      const found = readdirSync(path).filter(isCrawlFileName).sort();
      if (found.length === 0) throw new ImportFileError(`${input} holds no .warc or .wet files (optionally .gz)`);
      out.push(...found.map((f) => join(path, f)));
    } else if (existsSync(path) && statSync(path).isFile()) {
      if (!isCrawlFileName(path)) throw new ImportFileError(`${input} is not named like a crawl file (.warc, .wet, optionally .gz)`);
      out.push(path);
    } else {
      throw new ImportFileError(`no such file or folder: ${input}`);
    }
  }
  return [...new Set(out)];
}

/** Whether an import's inputs are crawl files (or folders and patterns of them). */
export function looksLikeCrawlImport(args: ImportArgs): boolean {
  if (args.stream !== 'crawl') return false;
  return [args.file, ...(args.more ?? [])].every((f) => isCrawlFileName(f) || /[*?]/.test(basename(f)) || isDirectory(f));
}

function isDirectory(p: string): boolean {
  return existsSync(p) && statSync(p).isDirectory();
}

export async function runCrawlImport(
  args: ImportArgs,
  io: RunIo & { chooseTarget: () => Promise<ImportTarget>; now?: () => number }
): Promise<CrawlImportReport> {
  const files = expandCrawlInputs([args.file, ...(args.more ?? [])]);
  const now = io.now ?? (() => performance.now());
  const totalBytes = files.reduce((a, f) => a + statSync(f).size, 0);
  const markers = markerGroup();
  const target = await io.chooseTarget();
  const started = now();
  const reports: CrawlFileReport[] = [];
  try {
    const bar = progressBar('import crawl files', totalBytes, io.progress ?? process.stderr, Date.now, 'bytes');
    let read = 0;
    for (const file of files) {
      const summary = await ingestWarc(createReadStream(file), (docs) => target.sendDocuments(docs), markers, {
        broken: 'skip',
        keepText: target.needsText,
        onBytes: (n) => {
          read += n;
          bar.update(read);
        }
      });
      reports.push({ file, bytes: statSync(file).size, ...summary });
    }
    bar.finish();
  } finally {
    await target.close();
  }
  const seconds = (now() - started) / 1000;
  const total = sumReports(reports);
  return {
    stream: 'crawl',
    format: 'warc',
    via: target.kind,
    target: target.where,
    files: reports,
    total,
    seconds,
    records_per_s: seconds > 0 ? total.records / seconds : 0,
    mb_per_s: seconds > 0 ? total.bytes / 1e6 / seconds : 0
  };
}

function sumReports(reports: readonly CrawlFileReport[]): Omit<CrawlFileReport, 'file'> {
  const t: Omit<CrawlFileReport, 'file'> = {
    bytes: 0,
    records: 0,
    documents: 0,
    accepted: 0,
    duplicates: 0,
    skipped: {},
    languages: { header: 0, detected: 0 },
    scanned: 0,
    marker_docs: 0
  };
  for (const r of reports) {
    t.bytes += r.bytes;
    t.records += r.records;
    t.documents += r.documents;
    t.accepted += r.accepted;
    t.duplicates += r.duplicates;
    t.scanned += r.scanned;
    t.marker_docs += r.marker_docs;
    t.languages.header += r.languages.header;
    t.languages.detected += r.languages.detected;
    for (const [k, n] of Object.entries(r.skipped))
      t.skipped[k as keyof typeof t.skipped] = (t.skipped[k as keyof typeof t.skipped] ?? 0) + n;
  }
  return t;
}

/** The report for a person. */
export function describeCrawlReport(r: CrawlImportReport): string {
  const t = r.total;
  const lines = [
    `${r.files.length} crawl file${r.files.length === 1 ? '' : 's'} -> crawl via ${r.via === 'http' ? `the server at ${r.target}` : `the database at ${r.target}`}`,
    ...r.files.map(
      (f) => `  ${f.file}: ${f.records} records, ${f.accepted} imported, ${f.duplicates} already there${skippedText(f.skipped)}`
    ),
    `  total: ${t.records} records, ${t.documents} documents: ${t.accepted} imported, ${t.duplicates} already imported (same WARC-Record-ID)`,
    `  languages: ${t.languages.header} from the record's header, ${t.languages.detected} identified from the text`,
    `  marker words: ${t.marker_docs} of ${t.scanned} scanned documents (${t.scanned > 0 ? ((100 * t.marker_docs) / t.scanned).toFixed(1) : '0.0'}%)`,
    `  ${r.seconds.toFixed(1)} s, ${Math.round(r.records_per_s)} records/s, ${r.mb_per_s.toFixed(2)} MB/s (file bytes as stored)`
  ];
  if (Object.keys(t.skipped).length > 0) lines.push(`  skipped:${skippedText(t.skipped).replace(/^; skipped/, '')}`);
  return `${lines.join('\n')}\n`;
}

function skippedText(skipped: Partial<Record<string, number>>): string {
  const e = Object.entries(skipped);
  if (e.length === 0) return '';
  return `; skipped ${e.map(([k, n]) => `${k.replace(/_/g, ' ')} ${n}`).join(', ')}`;
}

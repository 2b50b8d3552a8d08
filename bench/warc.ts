// Crawl-file import rate: a generated WET file of about 100 MB (gzipped per record, as Common
// Crawl writes them) imported straight into a fresh database by the importer's own code path,
// beside the machine's `zcat` of the same file; and the per-document cost of each step
// (reading records, language, BPE tokens, marker scan). `npm run bench -- warc` or
// BENCH_ONLY=warc npm run bench; BENCH_WARC_MB sets the size.
import { spawnSync } from 'node:child_process';
import { closeSync, createReadStream, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { IngestPipeline } from '../server/ingest/pipeline';
import { languageOf } from '../server/warc/document';
import { ingestWarc } from '../server/warc/ingest';
import { markerGroup } from '../server/warc/markers';
import { readWarc } from '../server/warc/records';
import { CrawlDocumentWriter } from '../server/warc/writer';
import { warcinfo, warcRecord } from '../tests/helpers/warc';
import { isMain, migratedEngine, round } from './lib';

const TARGET_MB = Number(process.env.BENCH_WARC_MB ?? 100);

/** A seeded generator, so every run writes the same file. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ (t + t);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FUNCTION_WORDS =
  'the of and to in a is that for it on with as was at by be from or an are not have but they his her which one all had'.split(' ');

/** Page-like text: function words and a few thousand made-up content words; one page in five has a marker word. */
function page(rand: () => number, markers: string[]): string {
  const words: string[] = [];
  const n = 300 + Math.floor(rand() * 1500);
  for (let i = 0; i < n; i++) {
    const r = rand();
    if (r < 0.45) words.push(FUNCTION_WORDS[Math.floor(rand() * FUNCTION_WORDS.length)] ?? 'the');
    else words.push(`w${Math.floor(rand() * rand() * 5000).toString(36)}`);
    if (i % 14 === 13) words.push('.\n');
  }
  if (rand() < 0.2) words.splice(Math.floor(rand() * words.length), 0, markers[Math.floor(rand() * markers.length)] ?? 'delves');
  return words.join(' ');
}

function generate(path: string): { records: number; plainBytes: number } {
  const rand = mulberry32(12);
  const markers = ['delves', 'intricate', 'meticulously', 'showcasing', 'underscores', 'pivotal'];
  const fd = openSync(path, 'w');
  let size = 0;
  let records = 0;
  let plainBytes = 0;
  const write = (b: Buffer) => {
    const gz = gzipSync(b);
    writeSync(fd, gz);
    size += gz.length;
    plainBytes += b.length;
  };
  write(warcinfo('CC-MAIN-BENCH'));
  const t0 = Date.UTC(2019, 0, 1);
  const span = Date.UTC(2025, 6, 1) - t0;
  while (size < TARGET_MB * 1e6) {
    records++;
    write(
      warcRecord({
        id: `<urn:uuid:bench-${records}>`,
        url: `https://www.site-${Math.floor(rand() * 20000)}.example.com/p/${records}`,
        date: new Date(t0 + Math.floor(rand() * span)).toISOString(),
        // Common Crawl names the language of nearly every record; a few go to identification.
        ...(rand() < 0.95 ? { lang: 'eng' } : {}),
        body: page(rand, markers)
      })
    );
  }
  closeSync(fd);
  return { records, plainBytes };
}

function time<T>(f: () => T): [T, number] {
  const t = performance.now();
  const r = f();
  return [r, (performance.now() - t) / 1000];
}

export async function main() {
  const loadBefore = loadavg()[0] ?? NaN;
  const dir = mkdtempSync(join(tmpdir(), 'pdo-bench-warc-'));
  try {
    const file = join(dir, 'bench.warc.wet.gz');
    const [gen, genSec] = time(() => generate(file));
    const bytes = statSync(file).size;
    process.stderr.write(
      `generated ${gen.records} records, ${round(bytes / 1e6)} MB gzipped, ${round(gen.plainBytes / 1e6)} MB plain in ${round(genSec)} s\n`
    );

    const [z, zcatSec] = time(() => spawnSync('sh', ['-c', `zcat '${file}' > /dev/null`]));
    if (z.status !== 0) throw new Error(`zcat failed: ${z.stderr.toString()}`);

    // Reading only: gunzip and warcio, every record's text decoded.
    let t = performance.now();
    let texts = 0;
    const sample: { text: string; langHeader: string | null }[] = [];
    for await (const item of readWarc(createReadStream(file))) {
      if (item.kind !== 'text') continue;
      texts++;
      if (sample.length < 5000) sample.push({ text: item.text, langHeader: item.langHeader });
    }
    const readSec = (performance.now() - t) / 1000;

    // Per-document costs on a sample of the same documents.
    const group = markerGroup();
    const perDoc = (f: (d: { text: string; langHeader: string | null }) => unknown) => {
      const s = performance.now();
      for (const d of sample) f(d);
      return ((performance.now() - s) * 1000) / sample.length;
    };
    const sampleKb = sample.reduce((a, d) => a + d.text.length, 0) / sample.length / 1000;
    const markerUs = perDoc((d) => group.scan(d.text, 'en'));
    const tokenUs = perDoc((d) => countTokens(d.text));
    const langHeaderUs = perDoc((d) => languageOf({ langHeader: 'eng', text: d.text }));
    const langDetectUs = perDoc((d) => languageOf({ langHeader: null, text: d.text }));

    // The whole import, as `npm run import -- crawl` does it without a server.
    const dbDir = join(dir, 'db');
    const engine = await migratedEngine(dbDir);
    try {
      const pipeline = new IngestPipeline(engine, () => {});
      const writer = new CrawlDocumentWriter(engine, pipeline, undefined);
      t = performance.now();
      const s = await ingestWarc(createReadStream(file), (docs) => writer.write(docs, 'bench'), group, { broken: 'skip', keepText: false });
      const importSec = (performance.now() - t) / 1000;
      const [{ n }] = (await engine.rows<{ n: number }>('SELECT count() AS n FROM crawl_documents', { tag: 'bench' })) as [{ n: number }];
      if (Number(n) !== s.accepted || s.accepted !== texts)
        throw new Error(`imported ${s.accepted} of ${texts} documents, table holds ${n}`);
      return {
        file_mb: round(bytes / 1e6),
        plain_mb: round(gen.plainBytes / 1e6),
        records: gen.records,
        doc_kb: round(sampleKb, 2),
        zcat_s: round(zcatSec, 2),
        zcat_mb_per_s: round(bytes / 1e6 / zcatSec),
        read_s: round(readSec, 2),
        read_records_per_s: Math.round(texts / readSec),
        import_s: round(importSec, 1),
        import_records_per_s: Math.round(s.records / importSec),
        import_mb_per_s: round(bytes / 1e6 / importSec, 2),
        import_plain_mb_per_s: round(gen.plainBytes / 1e6 / importSec, 2),
        import_vs_zcat: round(zcatSec / importSec, 3),
        marker_docs_share: round(s.marker_docs / Math.max(1, s.scanned), 3),
        per_doc_us: {
          marker_scan: round(markerUs),
          tokens_o200k: round(tokenUs),
          language_from_header: round(langHeaderUs, 2),
          language_identified: round(langDetectUs)
        },
        load_avg_1m: { before: round(loadBefore), after: round(loadavg()[0] ?? NaN) },
        note: 'CPU shared with other work on the machine while it ran'
      };
    } finally {
      await engine.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) {
  main().then(
    (r) => {
      process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
      process.exit(0);
    },
    (e: unknown) => {
      process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
      process.exit(1);
    }
  );
}

// `npm run import -- crawl ...` end to end, as the command it is: a folder of WET and WARC files
// the test writes (language headers present and absent, broken records, a gzip cut short) goes
// straight into a database; a second run adds nothing; a file sent through a running server
// whose DETECTOR_URL points at a small detector the test runs gets that detector's scores.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine } from '../../server/engine/engine';
import type { CrawlImportReport } from '../../server/import/crawl-files';
import { projectRoot } from '../../server/paths';
import { createDatabase } from '../helpers/server';
import { clickhouseServer } from '../helpers/target';
import { responseRecord, warcFile, warcinfo, warcRecord } from '../helpers/warc';
import { importReport, runImportCli, type CliResult } from '../helpers/import-cli';

const root = projectRoot();
const TEXT = 'The cat sat on the mat and looked out of the window at the rain for a long time.';
let dir = '';
let db = '';
let detector: Server;
let detectorUrl = '';
const detectorSaw: string[] = [];
// Over a ClickHouse server the importer, the server and the final check share one fresh database,
// as they share the directory `db` on the embedded engine.
const serverUrl = clickhouseServer();
const database = serverUrl ? `pdo_crawl_import_${process.pid}_${Date.now()}` : 'default';
const sharedDatabase: Record<string, string> = serverUrl ? { CLICKHOUSE_DATABASE: database } : {};

beforeAll(async () => {
  if (serverUrl) await createDatabase(database);
  dir = mkdtempSync(join(tmpdir(), 'pdo-crawl-import-'));
  db = join(dir, 'db');
  const files = join(dir, 'files');
  mkdirSync(files);
  writeFileSync(
    join(files, 'a.warc.wet.gz'),
    warcFile([
      warcinfo('CC-MAIN-2023-50'),
      warcRecord({ id: '<urn:uuid:a-1>', url: 'https://news.example.co.uk/1', date: '2023-12-01T00:00:00Z', lang: 'eng', body: TEXT }),
      warcRecord({ id: '<urn:uuid:a-2>', url: 'https://news.example.co.uk/2', date: '2023-12-01T00:00:00Z', body: `${TEXT} We delve.` }),
      warcRecord({ id: '<urn:uuid:a-3>', url: 'https://news.example.co.uk/3', date: 'not a date', body: TEXT }),
      warcRecord({ id: '<urn:uuid:a-4>', url: 'https://news.example.co.uk/4', date: '2023-12-01T00:00:00Z', body: '   ' }),
      warcRecord({
        id: '<urn:uuid:a-5>',
        url: 'https://news.example.co.uk/5',
        date: '2023-12-01T00:00:00Z',
        lang: 'eng',
        body: TEXT,
        truncateBy: 5
      })
    ])
  );
  writeFileSync(
    join(files, 'b.warc.gz'),
    warcFile([
      responseRecord({
        id: '<urn:uuid:b-1>',
        url: 'https://shop.example.net/',
        date: '2023-12-02T00:00:00Z',
        mime: 'text/html',
        html: `<p>${TEXT}</p>`
      }),
      responseRecord({
        id: '<urn:uuid:b-2>',
        url: 'https://shop.example.net/i.jpg',
        date: '2023-12-02T00:00:00Z',
        mime: 'image/jpeg',
        html: 'JPEG'
      })
    ])
  );
  const cut = warcFile([
    warcRecord({ id: '<urn:uuid:c-1>', url: 'https://cut.example.org/1', date: '2023-12-03T00:00:00Z', lang: 'eng', body: TEXT }),
    warcRecord({ id: '<urn:uuid:c-2>', url: 'https://cut.example.org/2', date: '2023-12-03T00:00:00Z', lang: 'eng', body: TEXT })
  ]);
  writeFileSync(join(files, 'c.warc.wet.gz'), cut.subarray(0, cut.length - 20));
  writeFileSync(join(files, 'notes.txt'), 'not a crawl file');
  writeFileSync(
    join(dir, 'later.warc.wet.gz'),
    warcFile([
      warcRecord({
        id: '<urn:uuid:d-1>',
        url: 'https://later.example.org/1',
        date: '2024-02-01T00:00:00Z',
        lang: 'eng',
        body: `${TEXT} We delve.`
      }),
      warcRecord({ id: '<urn:uuid:d-2>', url: 'https://later.example.org/2', date: '2024-02-01T00:00:00Z', lang: 'eng', body: TEXT })
    ])
  );
  // The lab's detector, as small as the contract allows: scores every text it is sent.
  detector = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const { documents } = JSON.parse(body) as { documents: { id: string; text: string; lang: string }[] };
      detectorSaw.push(...documents.map((d) => d.id));
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          detector: 'test-detector-v1',
          scores: documents.map((d) => ({ id: d.id, ai_score: d.text.includes('delve') ? 0.95 : 0.05 }))
        })
      );
    });
  });
  await new Promise<void>((resolve) => detector.listen(0, '127.0.0.1', resolve));
  detectorUrl = `http://127.0.0.1:${(detector.address() as AddressInfo).port}/score`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => detector.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

function cli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  // A port nobody listens on: without --server the import goes straight into CHDB_PATH.
  return runImportCli(args, { PORT: '1', CHDB_PATH: db, DETECTOR_URL: '', ...sharedDatabase, ...env });
}

function report(r: CliResult): CrawlImportReport {
  return importReport<CrawlImportReport>(r);
}

function childServer(env: Record<string, string>): Promise<{ url: string; proc: ChildProcess }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', join(root, 'tests/helpers/child-server.ts')], {
    cwd: root,
    env: { ...process.env, CHDB_PATH: db, ...sharedDatabase, ...env },
    stdio: ['ignore', 'pipe', 'inherit']
  });
  return new Promise((resolve, reject) => {
    createInterface({ input: proc.stdout! }).on('line', (l) => {
      try {
        resolve({ url: `http://127.0.0.1:${(JSON.parse(l) as { port: number }).port}`, proc });
      } catch {
        /* other output */
      }
    });
    proc.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

// Each test runs the command as a child process (tsx, then the engine): on a shared 2-core
// machine one run can take half a minute, two of them more than the default minute.
const CLI_TIMEOUT = 180_000;

describe('npm run import -- crawl', { timeout: CLI_TIMEOUT }, () => {
  it('imports a folder of WET and WARC files, skipping broken records with their reasons', async () => {
    const r = report(await cli(['crawl', join(dir, 'files'), '--json']));
    expect(r.via).toBe('direct');
    expect(r.files.map((f) => f.file.split('/').pop())).toEqual(['a.warc.wet.gz', 'b.warc.gz', 'c.warc.wet.gz']);
    const [a, b, c] = r.files;
    expect(a).toMatchObject({
      records: 6,
      documents: 2,
      accepted: 2,
      skipped: { not_a_document: 1, bad_date: 1, empty_text: 1, truncated: 1 }
    });
    expect(a?.languages).toEqual({ header: 1, detected: 1 });
    expect(a).toMatchObject({ scanned: 2, marker_docs: 1 });
    expect(b).toMatchObject({ records: 2, documents: 1, accepted: 1, skipped: { not_text: 1 } });
    // The first member is whole; the cut one ends the file with its reason.
    expect(c).toMatchObject({ accepted: 1, skipped: { truncated_gzip: 1 } });
    expect(r.total).toMatchObject({ accepted: 4, duplicates: 0 });
  });

  it('adds nothing on a second run (a pattern this time): every WARC-Record-ID is there', async () => {
    const r = report(await cli(['crawl', join(dir, 'files', '*.gz'), '--json']));
    expect(r.total).toMatchObject({ accepted: 0, duplicates: 4 });
  });

  it('says what is wrong with the inputs', async () => {
    const none = await cli(['crawl', join(dir, 'files', '*.wat.gz')]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/no crawl files match/);
  });

  it('sends through a running server, whose detector scores the new documents', async () => {
    const server = await childServer({ DETECTOR_URL: detectorUrl });
    try {
      const r = report(
        await cli(['crawl', join(dir, 'later.warc.wet.gz'), join(dir, 'files', 'a.warc.wet.gz'), '--server', server.url, '--json'])
      );
      expect(r.via).toBe('http');
      expect(r.total).toMatchObject({ accepted: 2, duplicates: 2 });
    } finally {
      server.proc.kill('SIGTERM');
      await new Promise((resolve) => server.proc.once('exit', resolve));
    }
    // Records imported before were not sent to the detector again.
    expect(detectorSaw.sort()).toEqual(['<urn:uuid:d-1>', '<urn:uuid:d-2>']);

    const engine = await openEngine({
      chdbPath: db,
      clickhouseUrl: serverUrl,
      clickhouseUser: process.env.CLICKHOUSE_USER ?? 'default',
      clickhousePassword: process.env.CLICKHOUSE_PASSWORD ?? '',
      clickhouseDatabase: database
    });
    try {
      const rows = await engine.rows<Record<string, unknown>>(
        'SELECT url, domain, tld, lang, content_type, crawl_source, provenance, ai_score, detector FROM crawl_documents ORDER BY url',
        { tag: 'test' }
      );
      expect(rows).toHaveLength(6);
      const by = (u: string) => rows.find((x) => x.url === u);
      // Without a detector nothing is classified.
      expect(by('https://news.example.co.uk/1')).toEqual({
        url: 'https://news.example.co.uk/1',
        domain: 'example.co.uk',
        tld: 'co.uk',
        lang: 'en',
        content_type: 'text/plain',
        crawl_source: 'cc-main-2023-50',
        provenance: 'unknown',
        ai_score: null,
        detector: 'none'
      });
      expect(by('https://shop.example.net/')).toMatchObject({ content_type: 'text/html', crawl_source: 'warc', provenance: 'unknown' });
      expect(by('https://later.example.org/1')).toMatchObject({ provenance: 'ai', detector: 'test-detector-v1' });
      expect(Number(by('https://later.example.org/1')?.ai_score)).toBeCloseTo(0.95, 6);
      expect(by('https://later.example.org/2')).toMatchObject({ provenance: 'human', detector: 'test-detector-v1' });
      const marker = await engine.rows<{ month: string; docs: number; marker_docs: number }>(
        'SELECT toString(month) AS month, sum(docs) AS docs, sum(marker_docs) AS marker_docs FROM crawl_marker_monthly GROUP BY month ORDER BY month',
        { tag: 'test' }
      );
      expect(marker.map((m) => ({ ...m, docs: Number(m.docs), marker_docs: Number(m.marker_docs) }))).toEqual([
        { month: '2023-12-01', docs: 4, marker_docs: 1 },
        { month: '2024-02-01', docs: 2, marker_docs: 1 }
      ]);
    } finally {
      await engine.close();
    }
  });
});

// `npm run import` end to end, run as the command it is (a child process): Epoch's table through
// a running server's HTTP API and straight into a database give the same rows, and running an
// import again adds none; CSV, NDJSON and Parquet files of another stream go in, and a bad row
// fails the whole file with its place in the file and nothing written.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedEpochAllSystems } from '../../server/import/epoch-seed';
import type { ImportReport } from '../../server/import/run';
import { projectRoot } from '../../server/paths';
import { startServer, streamRows, type TestServer } from '../helpers/server';
import { freePort, importReport, runImportCli, type CliResult } from '../helpers/import-cli';
import { onServer } from '../helpers/target';

const root = projectRoot();
const EPOCH = join(root, 'clickhouse/seed/epoch_all_ml_systems_2024-09.csv');
const dirs: string[] = [];
let s: TestServer;
let deadPort = 0;
let files = '';

beforeAll(async () => {
  s = await startServer();
  deadPort = await freePort();
  files = tempDir();
});

afterAll(async () => {
  await s?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'pdo-import-test-'));
  dirs.push(d);
  return d;
}

function cli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return runImportCli(args, { PORT: String(deadPort), CHDB_PATH: join(files, 'unused-db'), ...env });
}

function report(r: CliResult): ImportReport {
  return importReport<ImportReport>(r);
}

/** A server in its own process on `dir` (the embedded engine admits one process per directory). */
function childServer(dir: string): Promise<{ url: string; proc: ChildProcess }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', join(root, 'tests/helpers/child-server.ts')], {
    cwd: root,
    env: { ...process.env, CHDB_PATH: dir },
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

/** The training runs a server holds, as its training panel lists them. */
async function trainingRows(url: string): Promise<unknown[]> {
  const res = await fetch(`${url}/api/panels/training.dataset_sizes?from=1990-01-01`);
  const { rows } = (await res.json()) as { rows: Record<string, unknown>[] };
  return rows.map(({ t, model, organization, training_tokens, parameters, compute_flop, source }) => ({
    t,
    model,
    organization,
    training_tokens,
    parameters,
    compute_flop,
    source
  }));
}

async function rawCount(table: string): Promise<number> {
  const [r] = await s.app.engine.rows<{ n: number }>(`SELECT count() AS n FROM ${table}`, { tag: 'test.import' });
  return Number(r?.n);
}

describe("Epoch AI's All ML Systems table", () => {
  let first: ImportReport;

  it('imports through a running server, and a second run adds none', async () => {
    first = report(await cli(['training', EPOCH, '--server', s.url, '--json']));
    expect(first).toMatchObject({ via: 'http', format: 'epoch', stream: 'training', records: 1755 });
    expect(first.imported).toBe(first.rows);
    expect(first.rows).toBeGreaterThan(300);
    const skipped = Object.values(first.skipped).reduce((a, b) => a + b, 0);
    expect(first.rows + skipped).toBe(first.records);
    expect(first.skipped.not_language).toBeGreaterThan(0);
    expect(first.skipped.no_size).toBeGreaterThan(0);
    const versions = await rawCount('training_runs');
    const again = report(await cli(['training', EPOCH, '--server', s.url, '--json']));
    expect(again).toMatchObject({ imported: 0, already_imported: first.rows });
    expect(await rawCount('training_runs')).toBe(versions);
  });

  // The direct path opens an embedded database of its own; against a ClickHouse server there is no directory to lock.
  it.skipIf(onServer())('imports straight into a database with the same rows, once, and says when a server holds it', async () => {
    const dir = tempDir();
    const direct = report(await cli(['training', EPOCH, '--json'], { CHDB_PATH: dir }));
    expect(direct).toMatchObject({ via: 'direct', target: dir, imported: first.rows, skipped: first.skipped, units: first.units });
    const directAgain = report(await cli(['training', EPOCH, '--json'], { CHDB_PATH: dir }));
    expect(directAgain).toMatchObject({ imported: 0, already_imported: first.rows });

    // Both databases hold the same runs; while a server holds the directory, a direct import says so.
    const other = await childServer(dir);
    try {
      const viaHttp = await trainingRows(s.url);
      expect(viaHttp).toHaveLength(first.rows);
      expect(await trainingRows(other.url)).toEqual(viaHttp);
      expect(viaHttp).toContainEqual(
        expect.objectContaining({ model: 'Llama 3-70B', training_tokens: 15e12, source: 'Epoch AI All ML Systems 2024-09 (CC BY 4.0)' })
      );
      const locked = await cli(['training', EPOCH], { CHDB_PATH: dir });
      expect(locked.code).toBe(1);
      expect(locked.stderr).toContain(`the database at ${dir} is in use by another process`);
      expect(locked.stderr).toContain('--server');
    } finally {
      other.proc.kill('SIGTERM');
      await new Promise((resolve) => (other.proc.exitCode !== null ? resolve(null) : other.proc.once('exit', resolve)));
    }
  });

  it('seeds the same rows from the shipped copy, parsed in Node, replacing rather than adding', async () => {
    const before = await trainingRows(s.url);
    const seeded = await seedEpochAllSystems(s.app.engine);
    expect(seeded.records).toBe(1755);
    expect(seeded.inserted).toBe(before.length);
    expect(await trainingRows(s.url)).toEqual(before);
    // A second seed is answered from the ingest record.
    const versions = await rawCount('training_runs');
    await seedEpochAllSystems(s.app.engine);
    expect(await rawCount('training_runs')).toBe(versions);
  });
});

describe('CSV, NDJSON and Parquet', () => {
  const HEADER = 'ts,platform,category,posting_id,region,budget_usd,hourly,bids,mentions_ai,status';

  it('import market postings from each format, once', async () => {
    const csv = join(files, 'market.csv');
    writeFileSync(
      csv,
      `\ufeff${HEADER}\r\n` +
        '2025-03-01T10:00:00Z,upwork,writing,csv-1,eu,12.5,true,3,false,posted\r\n' +
        '2025-03-01 11:00:00,upwork,coding,csv-2,,,,,,\r\n' +
        '1740826800000,fiverr,translation,"csv-3, with a comma",us,40,false,7,true,closed\r\n'
    );
    const ndjson = join(files, 'market.ndjson');
    writeFileSync(
      ndjson,
      [
        { ts: '2025-03-02T10:00:00Z', platform: 'upwork', category: 'video', posting_id: 'nd-1' },
        { ts: 1740916800000, platform: 'fiverr', category: 'other', posting_id: 'nd-2', bids: 2 }
      ]
        .map((r) => JSON.stringify(r))
        .join('\n') + '\n'
    );
    const parquet = join(files, 'market.parquet');
    writeFileSync(
      parquet,
      await s.app.engine.bytes(
        `SELECT toDateTime64('2025-03-03 10:00:00', 3, 'UTC') + number AS ts, 'upwork' AS platform, 'illustration' AS category,
                concat('pq-', toString(number)) AS posting_id, if(number = 0, NULL, 25.5) :: Nullable(Float64) AS budget_usd,
                number = 1 AS hourly, toUInt32(number) AS bids
         FROM numbers(3) FORMAT Parquet`,
        { tag: 'test.import.parquet' }
      )
    );
    const before = (await streamRows(s.url)).market ?? 0;
    expect(report(await cli(['market', csv, '--server', s.url, '--json']))).toMatchObject({ format: 'csv', imported: 3 });
    expect(report(await cli(['market', ndjson, '--server', s.url, '--json']))).toMatchObject({ format: 'ndjson', imported: 2 });
    expect(report(await cli(['market', parquet, '--server', s.url, '--json']))).toMatchObject({ format: 'parquet', imported: 3 });
    expect(report(await cli(['market', csv, '--server', s.url, '--json']))).toMatchObject({ imported: 0, already_imported: 3 });
    expect((await streamRows(s.url)).market).toBe(before + 8);

    const rows = await s.app.engine.rows<Record<string, unknown>>(
      `SELECT posting_id, toUnixTimestamp64Milli(ts) AS ms, toString(category) AS category, region, budget_usd, hourly, bids, mentions_ai, status
       FROM market_postings WHERE posting_id IN ('csv-1', 'csv-2', 'csv-3, with a comma', 'pq-0', 'pq-1') ORDER BY posting_id`,
      { tag: 'test.import.market' }
    );
    expect(rows).toEqual([
      {
        posting_id: 'csv-1',
        ms: Date.UTC(2025, 2, 1, 10),
        category: 'writing',
        region: 'eu',
        budget_usd: 12.5,
        hourly: true,
        bids: 3,
        mentions_ai: false,
        status: 'posted'
      },
      // Empty cells take the contract's defaults.
      {
        posting_id: 'csv-2',
        ms: Date.UTC(2025, 2, 1, 11),
        category: 'coding',
        region: 'unknown',
        budget_usd: null,
        hourly: false,
        bids: 0,
        mentions_ai: false,
        status: 'posted'
      },
      {
        posting_id: 'csv-3, with a comma',
        ms: 1740826800000,
        category: 'translation',
        region: 'us',
        budget_usd: 40,
        hourly: false,
        bids: 7,
        mentions_ai: true,
        status: 'closed'
      },
      {
        posting_id: 'pq-0',
        ms: Date.UTC(2025, 2, 3, 10),
        category: 'illustration',
        region: 'unknown',
        budget_usd: null,
        hourly: false,
        bids: 0,
        mentions_ai: false,
        status: 'posted'
      },
      {
        posting_id: 'pq-1',
        ms: Date.UTC(2025, 2, 3, 10, 0, 1),
        category: 'illustration',
        region: 'unknown',
        budget_usd: 25.5,
        hourly: true,
        bids: 1,
        mentions_ai: false,
        status: 'posted'
      }
    ]);
  });

  it('fail the whole file on a bad row, naming its line or row, and write nothing', async () => {
    const before = (await streamRows(s.url)).market;
    // Record 2 spans lines 3-4 (a quoted line break), so the bad record 3 starts on line 5.
    const csv = join(files, 'bad.csv');
    writeFileSync(
      csv,
      `${HEADER}\n2025-03-05T10:00:00Z,upwork,writing,b-1,eu,1,true,1,false,posted\n` +
        '2025-03-05T11:00:00Z,upwork,writing,"b-2\nsecond line",eu,1,true,1,false,posted\n' +
        '2025-03-05T12:00:00Z,upwork,poetry,b-3,eu,1,true,1,false,posted\n'
    );
    const badCsv = await cli(['market', csv, '--server', s.url]);
    expect(badCsv.code).toBe(1);
    expect(badCsv.stderr).toContain('nothing written: line 5: category must be one of');

    // A quote inside an unquoted field stops the file at its line and column (csv-parse), where a
    // quote-toggling scan misplaced every later record's line.
    const stray = join(files, 'stray.csv');
    writeFileSync(
      stray,
      `${HEADER}\n2025-03-05T10:00:00Z,upwork,writing,s-1,eu,1,true,1,false,posted\n` +
        '2025-03-05T11:00:00Z,upwork,writing,5" screen,eu,1,true,1,false,posted\n' +
        '2025-03-05T12:00:00Z,upwork,writing,s-3,eu,1,true,1,false,posted\n'
    );
    const badStray = await cli(['market', stray, '--server', s.url]);
    expect(badStray.code).toBe(1);
    expect(badStray.stderr).toContain('stray.csv: line 3, column 4: a quote inside an unquoted field');

    const nd = join(files, 'bad.ndjson');
    writeFileSync(
      nd,
      '{"ts":"2025-03-05T10:00:00Z","platform":"upwork","category":"writing","posting_id":"n-1"}\n\n{"ts":"2025-03-05T10:00:00Z","platform":"upwork","category":"writing"}\n'
    );
    const badNd = await cli(['market', nd, '--server', s.url]);
    expect(badNd.code).toBe(1);
    expect(badNd.stderr).toContain('line 3: posting_id');

    const pq = join(files, 'bad.parquet');
    writeFileSync(
      pq,
      await s.app.engine.bytes(
        `SELECT toDateTime64('2025-03-06 10:00:00', 3, 'UTC') AS ts, 'upwork' AS platform, if(number = 1, 'poetry', 'writing') AS category,
                concat('bp-', toString(number)) AS posting_id FROM numbers(3) FORMAT Parquet`,
        { tag: 'test.import.parquet' }
      )
    );
    const badPq = await cli(['market', pq, '--server', s.url]);
    expect(badPq.code).toBe(1);
    expect(badPq.stderr).toContain('row 2: category must be one of');

    const odd = join(files, 'odd.csv');
    writeFileSync(odd, 'ts,platform,category,posting_id,colour\n2025-03-05T10:00:00Z,upwork,writing,o-1,red\n');
    const badCols = await cli(['market', odd, '--server', s.url]);
    expect(badCols.code).toBe(1);
    expect(badCols.stderr).toContain('unknown column "colour"');

    expect((await streamRows(s.url)).market).toBe(before);
  });
});

describe('compute projection in Epoch AI format', () => {
  // Writes straight into a stopped server's data directory: there is none with a ClickHouse server.
  it.skipIf(onServer())(
    'goes straight into the database, replaces the shipped table in the forecast, and a bad file writes nothing',
    async () => {
      const dir = tempDir();
      const files = tempDir();
      const bad = join(files, 'bad.csv');
      writeFileSync(bad, '0,26,2025\n0,27,2030\n1,lots,2025\n');
      const refused = await cli(['compute-projection', bad], { CHDB_PATH: dir });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('bad.csv: line 3: log10 FLOP "lots"');

      const good = join(files, 'fast.csv');
      writeFileSync(good, ['0,26.0,2025', '0,31.0,2030', '0,41.0,2040', '1,26.4,2025', '1,31.4,2030', '1,41.4,2040'].join('\n'));
      const ok = await cli(['compute-projection', good], { CHDB_PATH: dir });
      expect(ok.code).toBe(0);
      expect(ok.stdout).toContain('fast.csv: 2 paths, years 2025-2040');

      const server = await childServer(dir);
      try {
        const res = await fetch(`${server.url}/api/forecast?branch=compute&draws=1000`);
        const body = (await res.json()) as { assumptions: Record<string, { source: string }> };
        expect(body.assumptions.compute?.source).toContain('imported from fast.csv');
        expect(body.assumptions.compute?.source).toContain('2 paths');
      } finally {
        server.proc.kill('SIGTERM');
        await new Promise((r) => (server.proc.exitCode !== null ? r(null) : server.proc.once('exit', r)));
      }
    },
    // Two CLI runs and a server start, each opening the embedded engine.
    240_000
  );
});

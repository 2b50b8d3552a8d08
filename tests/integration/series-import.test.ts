// Published series end to end: `npm run import` (the command, as a child process) reads each
// shipped file with its recipe through a running server, a generic CSV the test writes goes in by
// flags alone, a second run adds nothing, and a malformed file fails with its line and reason and
// writes nothing. The server's own start-up load gives the same rows, once.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportReport } from '../../server/import/run';
import { PUBLISHED_SERIES_FILES } from '../../server/seed/published';
import { projectRoot } from '../../server/paths';
import { startServer, type TestServer } from '../helpers/server';
import { freePort, importReport, runImportCli, type CliResult } from '../helpers/import-cli';
import { onServer } from '../helpers/target';

const root = projectRoot();
const dirs: string[] = [];
let s: TestServer;
let deadPort = 0;
let files = '';

beforeAll(async () => {
  s = await startServer();
  deadPort = await freePort();
  files = mkdtempSync(join(tmpdir(), 'pdo-series-test-'));
  dirs.push(files);
});

afterAll(async () => {
  await s?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function cli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return runImportCli(args, { PORT: String(deadPort), CHDB_PATH: join(files, 'unused-db'), ...env });
}

function report(r: CliResult): ImportReport {
  return importReport<ImportReport>(r);
}

/** Observations as readers see them (FINAL: a replaced one counts once). */
async function count(where = '1', params: Record<string, unknown> = {}): Promise<number> {
  const [r] = await s.app.engine.rows<{ n: number }>(`SELECT count() AS n FROM series FINAL WHERE ${where}`, {
    tag: 'test.series',
    params
  });
  return Number(r?.n);
}

const shipped = (name: string) => {
  const f = PUBLISHED_SERIES_FILES.find((p) => p.includes(name));
  if (!f) throw new Error(name);
  return join(root, f);
};

describe('the shipped files, each with its recipe', () => {
  // Facts from the files' own documentation (clickhouse/seed/series/README.md), not from the code.
  const cases = [
    { file: 'crawlsize_monthly', recipe: 'cc-crawlsize', records: 120, rows: 120 * 3, series: 'cc.pages', perSeries: 120 },
    { file: 'languages_top12', recipe: 'cc-languages', records: 156, rows: 156 * 3, series: 'cc.lang.share', perSeries: 156 },
    { file: 'tld_selected', recipe: 'cc-tld', records: 18, rows: 17 * 16, series: 'cc.tld.share', perSeries: 17 * 16 },
    {
      file: 'job_postings_by_sector',
      recipe: 'indeed-sectors',
      records: 78_246,
      rows: 78_246,
      series: 'indeed.postings',
      perSeries: 78_246
    },
    { file: 'figure1_word_frequency', recipe: 'kobak-words', records: 15, rows: 15 * 9, series: 'pubmed.word_share', perSeries: 15 * 9 }
  ];
  for (const c of cases) {
    it(`${c.file}: every value in, and a second run adds none`, async () => {
      const first = report(await cli(['series', shipped(c.file), '--server', s.url, '--json']));
      expect(first).toMatchObject({ via: 'http', recipe: c.recipe, records: c.records, rows: c.rows, imported: c.rows });
      expect(await count('series = {s:String}', { s: c.series })).toBe(c.perSeries);
      const before = await count();
      const again = report(await cli(['series', shipped(c.file), '--server', s.url, '--json']));
      expect(again).toMatchObject({ imported: 0, already_imported: c.rows });
      expect(await count()).toBe(before);
    });
  }

  it("dates crawls by their ISO week, the oldest ids by their first year, and leaves out the TLD table's (any) mean", async () => {
    const dates = await s.app.engine.rows<{ crawl: string; date: string }>(
      "SELECT labels['crawl'] AS crawl, toString(date) AS date FROM series FINAL WHERE series = 'cc.pages' AND crawl IN ('CC-MAIN-2008-2009', 'CC-MAIN-2012', 'CC-MAIN-2024-10') ORDER BY crawl",
      { tag: 'test.series' }
    );
    expect(dates).toEqual([
      { crawl: 'CC-MAIN-2008-2009', date: '2008-01-01' },
      { crawl: 'CC-MAIN-2012', date: '2012-01-01' },
      // ISO week 10 of 2024 starts on Monday 4 March.
      { crawl: 'CC-MAIN-2024-10', date: '2024-03-04' }
    ]);
    const tld = report(await cli(['series', shipped('tld_selected'), '--server', s.url, '--json']));
    expect(tld.skipped).toEqual({ any_mean: 1 });
    const [delves] = await s.app.engine.rows<{ v: number }>(
      "SELECT value AS v FROM series FINAL WHERE series = 'pubmed.word_share' AND labels['word'] = 'delves' AND date = '2024-01-01'",
      { tag: 'test.series' }
    );
    expect(delves?.v).toBe(0.003573);
  });

  it('reads the full languages.csv format researchers download (every crawl, many languages, %urls/crawl)', async () => {
    const langs = ['eng', 'deu', 'rus', 'fra', 'jpn', 'spa', 'zho', '<unknown>'];
    const crawls = ['CC-MAIN-2018-34', 'CC-MAIN-2018-39', 'CC-MAIN-2018-43'];
    const lines = ['crawl,primary_language,pages,urls,%pages/crawl,%urls/crawl'];
    crawls.forEach((c, i) =>
      langs.forEach((l, j) => lines.push(`${c},${l},${1000 * (j + 1) + i},${900 * (j + 1)},${(j + 1) / 3},${(j + 1) / 4}`))
    );
    const path = join(files, 'languages.csv');
    writeFileSync(path, lines.join('\n') + '\n');
    const r = report(await cli(['series', path, '--server', s.url, '--json']));
    expect(r).toMatchObject({ recipe: 'cc-languages', records: 24, rows: 24 * 4, imported: 24 * 4 });
    expect(await count("series = 'cc.lang.url_share'")).toBe(24);
  });
});

describe('the generic CSV recipe', () => {
  it('takes a wide table by flags, each value column a label', async () => {
    const path = join(files, 'wide.csv');
    writeFileSync(path, 'month,alpha,beta\n2021-01,1.5,2\n2021-02,,3\n2021-03,4,5e2\n');
    const args = [
      'series',
      path,
      '--date',
      'month',
      '--series',
      'test.wide',
      '--source',
      'A test table',
      '--unit',
      'things',
      '--column-label',
      'kind'
    ];
    const r = report(await cli([...args, '--server', s.url, '--json']));
    expect(r).toMatchObject({ recipe: 'csv', records: 3, rows: 5, imported: 5, skipped: { empty_value: 1 } });
    const rows = await s.app.engine.rows<{ kind: string; date: string; value: number; unit: string; source: string }>(
      "SELECT labels['kind'] AS kind, toString(date) AS date, value, unit, source FROM series FINAL WHERE series = 'test.wide' ORDER BY kind, date",
      { tag: 'test.series' }
    );
    expect(rows.map((x) => [x.kind, x.date, x.value])).toEqual([
      ['alpha', '2021-01-01', 1.5],
      ['alpha', '2021-03-01', 4],
      ['beta', '2021-01-01', 2],
      ['beta', '2021-02-01', 3],
      ['beta', '2021-03-01', 500]
    ]);
    expect(rows.every((x) => x.unit === 'things' && x.source === 'A test table')).toBe(true);
    const again = report(await cli([...args, '--server', s.url, '--json']));
    expect(again).toMatchObject({ imported: 0, already_imported: 5 });
    expect(await count("series = 'test.wide'")).toBe(5);
  });

  // Straight into a data directory: a ClickHouse server has none for the importer to open.
  it.skipIf(onServer())('takes a long table with label columns straight into a data directory', async () => {
    const path = join(files, 'long.csv');
    writeFileSync(path, 'Year,Country,GDP\n2019,FR,2.7\n2020,FR,2.6\n2019,DE,3.9\n');
    const dir = mkdtempSync(join(tmpdir(), 'pdo-series-direct-'));
    dirs.push(dir);
    const r = report(
      await cli(
        ['series', path, '--date', 'Year', '--value', 'GDP', '--labels', 'Country', '--series', 'test.gdp', '--source', 'Test', '--json'],
        {
          CHDB_PATH: dir
        }
      )
    );
    expect(r).toMatchObject({ via: 'direct', recipe: 'csv', rows: 3, imported: 3 });
    // The database has them: the same import again finds every batch recorded there.
    const again = report(
      await cli(
        ['series', path, '--date', 'Year', '--value', 'GDP', '--labels', 'Country', '--series', 'test.gdp', '--source', 'Test', '--json'],
        {
          CHDB_PATH: dir
        }
      )
    );
    expect(again).toMatchObject({ via: 'direct', imported: 0, already_imported: 3 });
  });
});

describe('malformed files', () => {
  const bad = [
    {
      name: 'bad-crawl.csv',
      text: 'crawl,digest estim.,page,url\nCC-MAIN-2024-10,1,2,3\nCC-MAIN-2024-99,1,2,3\n',
      line: 3,
      reason: 'is not a Common Crawl crawl id'
    },
    { name: 'bad-number.csv', text: ',delves,crucial\n2010,0.1,0.2\n2011,0.1,lots\n', line: 3, reason: 'column "crucial" is not a number' },
    { name: 'bad-year.csv', text: 'year,com,org\n(any),50,6\n2009,70,8\nlast,1,2\n', line: 4, reason: 'year must be a four-digit year' }
  ];
  for (const b of bad) {
    it(`${b.name}: line ${b.line} and the reason, nothing written`, async () => {
      const path = join(files, b.name);
      writeFileSync(path, b.text);
      const before = await count();
      const r = await cli(['series', path, '--server', s.url, '--json']);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('nothing written');
      expect(r.stderr).toContain(`line ${b.line}:`);
      expect(r.stderr).toContain(b.reason);
      expect(await count()).toBe(before);
    });
  }

  it('a generic CSV with a bad date names its line; a table no recipe knows says how to describe it', async () => {
    const path = join(files, 'bad-date.csv');
    writeFileSync(path, 'when,v\n2020-01-01,1\nyesterday,2\n');
    const r = await cli(['series', path, '--date', 'when', '--series', 'test.bad', '--source', 'T', '--server', s.url]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/line 3: column "when" must be a year/);
    expect(await count("series = 'test.bad'")).toBe(0);
    const unknown = await cli(['series', path, '--server', s.url]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('--date, --series, --source');
  });
});

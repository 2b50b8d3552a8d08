// Every download says where its numbers come from: JSON and Parquet carry the provenance (origin
// by the shared rule, sources, licences, attribution, the query's window), CSV writes ISO 8601
// UTC times, and format=datapackage is a zip whose datapackage.json validates against the Data
// Package 2.0 JSON Schema (tests/schemas/) and whose CSV reads back by that descriptor's schema.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { strFromU8, unzipSync } from 'fflate';
import { parquetMetadata } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PanelInfo } from '../../src/lib/contract/panels';
import { parse } from 'csv-parse/sync';
/** Rows of a CSV as string cells, by the same parser the importer uses. */
const parseCsv = (text: string): string[][] => parse(text, { relaxQuotes: false }) as string[][];
import type { Provenance } from '../../server/panels/provenance';
import { crawlRow, ingest, startServer, type TestServer } from '../helpers/server';

let s: TestServer;
let infos: PanelInfo[] = [];
const schema = JSON.parse(readFileSync(join(__dirname, '../schemas/datapackage-2.0.json'), 'utf8')) as object;
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
// The profile marks long texts with "format": "textarea", an editor hint, not a constraint.
ajv.addFormat('textarea', true);
const validatePackage = ajv.compile(schema);

const JOBS = 'published.job_postings';
const window = 'from=2023-01-01T00:00:00Z&to=2023-03-01T00:00:00Z&grain=day';

beforeAll(async () => {
  s = await startServer();
  const obs = (date: string, value: number) => ({
    series: 'indeed.postings',
    date,
    value,
    unit: 'index, 2020-02-01 = 100',
    source: 'Indeed Hiring Lab, job postings tracker',
    licence: 'CC BY 4.0',
    labels: { sector: 'Software Development', variable: 'total postings' }
  });
  expect((await ingest(s.url, 'series', [obs('2023-01-02', 101.5), obs('2023-01-03', 99.25), obs('2023-02-01', 90)])).status).toBe(200);
  expect((await ingest(s.url, 'crawl', [crawlRow(1), crawlRow(2), crawlRow(3)])).status).toBe(200);
  infos = ((await (await fetch(`${s.url}/api/panels`)).json()) as { panels: PanelInfo[] }).panels;
});

afterAll(async () => {
  await s?.close();
});

async function download(id: string, query: string): Promise<Response> {
  const res = await fetch(`${s.url}/api/panels/${id}?${query}`);
  expect(res.status, `${id}?${query}`).toBe(200);
  return res;
}

/** A CSV read back by its Table Schema: header as the fields, each cell cast by its field's type. */
function readByTableSchema(csv: string, fields: { name: string; type: string }[], missing: string[]): Record<string, unknown>[] {
  const [header, ...body] = parseCsv(csv).filter((r) => r.length > 1 || r[0] !== '');
  expect(header).toEqual(fields.map((f) => f.name));
  return body.map((cells) =>
    Object.fromEntries(
      fields.map((f, i) => {
        const cell = cells[i] ?? '';
        if (missing.includes(cell)) return [f.name, null];
        if (f.type === 'number') {
          const n = Number(cell);
          expect(Number.isFinite(n), `${f.name}: ${cell}`).toBe(true);
          return [f.name, n];
        }
        if (f.type === 'datetime') {
          // Table Schema's default datetime form: ISO 8601 in UTC.
          expect(cell, f.name).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
          return [f.name, Date.parse(cell)];
        }
        return [f.name, cell];
      })
    )
  );
}

describe('downloads with provenance', () => {
  it('answers JSON with the provenance of a published panel: sources, licences, CC BY attribution, window', async () => {
    const body = (await (await download(JOBS, window)).json()) as { provenance: Provenance; rows: unknown[] };
    expect(body.rows.length).toBe(3);
    expect(body.provenance).toMatchObject({
      panel: JOBS,
      origin: 'published',
      simulated: false,
      window: { from: '2023-01-01T00:00:00.000Z', to: '2023-03-01T00:00:00.000Z' },
      grain: 'day'
    });
    expect(body.provenance.sources).toEqual([
      expect.objectContaining({ source: 'Indeed Hiring Lab, job postings tracker', licence: 'CC BY 4.0', licence_id: 'CC-BY-4.0' })
    ]);
    // CC BY 4.0 asks for the source, the licence with a link to it, and the changes made.
    expect(body.provenance.attribution).toContain('Indeed Hiring Lab');
    expect(body.provenance.attribution).toContain('https://creativecommons.org/licenses/by/4.0/');
    expect(body.provenance.attribution).toContain('Changes:');
  });

  it('tags a download over the simulator’s rows simulated, and over producers’ rows ingested', async () => {
    const crawlWindow = 'from=2025-04-30T00:00:00Z&to=2025-05-02T00:00:00Z&grain=day';
    const before = (await (await download('provenance.ai_share', crawlWindow)).json()) as { provenance: Provenance };
    expect(before.provenance).toMatchObject({ origin: 'ingested', simulated: false });
    const sim = [crawlRow(10), crawlRow(11)].map((r) => JSON.stringify(r)).join('\n') + '\n';
    await s.app.ingest.write('crawl', sim, { source: 'simulator', origin: 'simulator' });
    const after = (await (await download('provenance.ai_share', crawlWindow)).json()) as { provenance: Provenance };
    expect(after.provenance).toMatchObject({ origin: 'simulated', simulated: true });
    expect(after.provenance.origin_note).toMatch(/^SIMULATED/);
    const pq = Buffer.from(await (await download('provenance.ai_share', `${crawlWindow}&format=parquet`)).arrayBuffer());
    const kv = Object.fromEntries((parquetMetadata(pq).key_value_metadata ?? []).map((p) => [p.key, p.value]));
    expect(kv['pdo.simulated']).toBe('true');
  });

  it('writes CSV times as ISO 8601 UTC, the same instants the JSON gives in epoch ms', async () => {
    const json = (await (await download(JOBS, window)).json()) as { rows: { t: number; index: number }[] };
    const csv = await (await download(JOBS, `${window}&format=csv`)).text();
    const [header, ...lines] = parseCsv(csv).filter((r) => r.length > 1);
    expect(header?.[0]).toBe('t');
    expect(lines.map((l) => l[0])).toEqual(json.rows.map((r) => new Date(r.t).toISOString().replace('.000Z', 'Z')));
  });

  it('puts the provenance in the Parquet key-value metadata, leaving the rows readable', async () => {
    const pq = Buffer.from(await (await download(JOBS, `${window}&format=parquet`)).arrayBuffer());
    const kv = Object.fromEntries((parquetMetadata(pq).key_value_metadata ?? []).map((p) => [p.key, p.value]));
    expect(kv['pdo.origin']).toBe('published');
    expect(kv['pdo.licences']).toBe('CC BY 4.0');
    expect(kv['pdo.window']).toBe('2023-01-01T00:00:00.000Z/2023-03-01T00:00:00.000Z');
    expect(JSON.parse(kv['pdo.provenance'] ?? '{}')).toMatchObject({ panel: JOBS, origin: 'published' });
    // The rows are untouched: ClickHouse reads the rewritten file back.
    const path = join(s.dataDir, 'back.parquet');
    writeFileSync(path, pq);
    const back = await s.app.engine.rows<{ index: number }>('SELECT index FROM file({path:String}, Parquet)', {
      tag: 'test.parquet',
      params: { path }
    });
    expect(back.map((r) => Number(r.index))).toEqual([101.5, 99.25, 90]);
  });

  it('zips a published panel as a Data Package that validates against the standard’s JSON Schema and reads back by its schema', async () => {
    const res = await download(JOBS, `${window}&format=datapackage`);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toMatch(/filename=".+\.zip"/);
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    expect(Object.keys(files).sort()).toEqual(['data.csv', 'datapackage.json']);
    const pkg = JSON.parse(strFromU8(files['datapackage.json'] as Uint8Array)) as {
      title: string;
      origin: string;
      licenses: { name: string; path?: string }[];
      sources: { title: string; path?: string }[];
      resources: { path: string; schema: { fields: { name: string; type: string; unit?: string }[]; missingValues: string[] } }[];
    };
    expect(validatePackage(pkg), JSON.stringify(validatePackage.errors)).toBe(true);
    expect(pkg.origin).toBe('published');
    expect(pkg.licenses).toEqual([{ name: 'CC-BY-4.0', path: 'https://creativecommons.org/licenses/by/4.0/', title: 'CC BY 4.0' }]);
    expect(pkg.sources[0]?.title).toBe('Indeed Hiring Lab, job postings tracker');
    const resource = pkg.resources[0];
    if (!resource) throw new Error('no resource');
    expect(resource.schema.fields.find((f) => f.name === 'index')).toMatchObject({ type: 'number', unit: 'index' });
    const rows = readByTableSchema(strFromU8(files[resource.path] as Uint8Array), resource.schema.fields, resource.schema.missingValues);
    const json = (await (await download(JOBS, window)).json()) as { rows: Record<string, unknown>[] };
    expect(rows).toEqual(json.rows);
  });

  it('offers a valid data package for every panel', { timeout: 300_000 }, async () => {
    for (const info of infos) {
      const files = unzipSync(new Uint8Array(await (await download(info.id, 'format=datapackage')).arrayBuffer()));
      const pkg = JSON.parse(strFromU8(files['datapackage.json'] as Uint8Array)) as {
        resources: { schema: { fields: { name: string }[] } }[];
      };
      expect(validatePackage(pkg), `${info.id}: ${JSON.stringify(validatePackage.errors)}`).toBe(true);
      expect(pkg.resources[0]?.schema.fields.map((f) => f.name)).toEqual(info.columns.map((c) => c.name));
    }
  });
});

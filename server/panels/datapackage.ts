// format=datapackage: a zip of the panel's CSV and a Frictionless Data Package descriptor
// (datapackage.json, Data Package 2.0, https://datapackage.org/standard/data-package/) that
// says what the file is: title, sources, licences, every field with its type and unit, and the
// origin of the numbers. Checked against the specification's own JSON Schema in the tests.
import { zipSync, strToU8 } from 'fflate';
import type { ColumnInfo, PanelInfo, Unit } from '../../src/lib/contract/panels';
import type { Provenance } from './provenance';

const DATA_FILE = 'data.csv';
const PROFILE = 'https://datapackage.org/profiles/2.0/datapackage.json';
const RESOURCE_PROFILE = 'https://datapackage.org/profiles/2.0/dataresource.json';
const SCHEMA_PROFILE = 'https://datapackage.org/profiles/2.0/tableschema.json';

/** What each unit means in a cell, said once for the field descriptions. */
const UNIT_WORDS: Record<Unit, string> = {
  share: 'share, 0 to 1',
  points: 'difference of two shares, as a fraction (0.031 is 3.1 percentage points)',
  change: 'relative change, as a fraction (0.12 is a 12% rise)',
  tokens: 'tokens',
  count: 'count',
  index: 'index',
  usd: 'US dollars',
  ratio: 'ratio',
  bits: 'bits',
  year: 'decimal year (2028.5 is 1 July 2028)',
  probability: 'probability, 0 to 1',
  score: 'score, 0 to 1'
};

interface Field {
  name: string;
  type: 'datetime' | 'number' | 'string';
  title: string;
  description: string;
  /** Not a Table Schema keyword (descriptors may carry their own): the panel's unit. */
  unit?: Unit;
  format?: string;
}

function fieldOf(c: ColumnInfo): Field {
  if (c.role === 'time') {
    return { name: c.name, type: 'datetime', title: c.label, description: `${c.label}: ISO 8601, UTC (start of the bucket)` };
  }
  if (c.role === 'measure') {
    const unit = c.unit ? ` Unit: ${UNIT_WORDS[c.unit]}.` : '';
    return { name: c.name, type: 'number', title: c.label, description: `${c.label}.${unit}`, ...(c.unit ? { unit: c.unit } : {}) };
  }
  return { name: c.name, type: 'string', title: c.label, description: c.label };
}

/** A package name: lower case, digits and - . _ only (the pattern Data Package 1.0 required). */
function packageName(id: string): string {
  return `peak-data-observatory.${id}`.toLowerCase().replace(/[^a-z0-9._-]/g, '-');
}

function datapackageDescriptor(info: PanelInfo, prov: Provenance): Record<string, unknown> {
  // One entry per licence: its SPDX id and text where it has one, else the name made an id.
  const byName = new Map(prov.sources.filter((s) => s.licence !== '').map((s) => [s.licence, s]));
  const licenses = [...byName.values()].map((s) => ({
    name: s.licence_id ?? s.licence.toLowerCase().replace(/[^a-z0-9.-]+/g, '-'),
    ...(s.licence_url ? { path: s.licence_url } : {}),
    title: s.licence
  }));
  return {
    $schema: PROFILE,
    name: packageName(info.id),
    title: info.title,
    description: info.description,
    created: prov.generated_at,
    ...(licenses.length > 0 ? { licenses } : {}),
    sources: prov.sources.map((s) => ({
      title: s.source,
      ...(s.url ? { path: s.url } : {}),
      // Not a standard property of a source: what the study is to the data.
      kind: s.kind ?? 'data'
    })),
    // Beyond the standard (descriptors may carry more properties): where the numbers come from
    // and the query that produced them.
    origin: prov.origin,
    simulated: prov.simulated,
    origin_note: prov.origin_note,
    attribution: prov.attribution,
    window: prov.window,
    grain: prov.grain,
    filters: prov.filters,
    resources: [
      {
        $schema: RESOURCE_PROFILE,
        name: packageName(info.id),
        path: DATA_FILE,
        type: 'table',
        format: 'csv',
        mediatype: 'text/csv',
        encoding: 'utf-8',
        title: info.title,
        schema: { $schema: SCHEMA_PROFILE, fields: info.columns.map(fieldOf), missingValues: [''] }
      }
    ]
  };
}

/** The zip: datapackage.json first, then the CSV. */
export function datapackageZip(info: PanelInfo, prov: Provenance, csv: Buffer): Buffer {
  const descriptor = JSON.stringify(datapackageDescriptor(info, prov), null, 2);
  return Buffer.from(zipSync({ 'datapackage.json': strToU8(descriptor), [DATA_FILE]: new Uint8Array(csv) }, { level: 6 }));
}

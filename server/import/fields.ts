// What each field of the ingest contract holds, so that values read from CSV (all text) or
// Parquet (typed) become the JSON values the row checks in server/ingest/rows expect. This only
// converts; every rule (required fields, ranges, labels) stays with those checks, which the
// import runs unchanged. Field names are the public contract of docs/INGEST.md.
import type { Stream } from '../../src/lib/contract/streams';

export type FieldKind = 'string' | 'number' | 'bool' | 'time' | 'uint64';

export const STREAM_FIELDS: Record<Stream, Readonly<Record<string, FieldKind>>> = {
  crawl: {
    ts: 'time',
    url: 'string',
    lang: 'string',
    content_type: 'string',
    tokens: 'number',
    provenance: 'string',
    domain: 'string',
    tld: 'string',
    published_at: 'time',
    crawl_source: 'string',
    ai_score: 'number',
    detector: 'string',
    quality: 'number',
    simhash: 'uint64'
  },
  market: {
    ts: 'time',
    platform: 'string',
    category: 'string',
    posting_id: 'string',
    region: 'string',
    budget_usd: 'number',
    hourly: 'bool',
    bids: 'number',
    mentions_ai: 'bool',
    status: 'string'
  },
  samples: {
    ts: 'time',
    model_family: 'string',
    model: 'string',
    generation: 'number',
    text: 'string',
    synthetic_fraction: 'number',
    prompt_id: 'string'
  },
  training: {
    model: 'string',
    published: 'time',
    training_tokens: 'number',
    organization: 'string',
    parameters: 'number',
    compute_flop: 'number',
    source: 'string'
  },
  // labels (an object) cannot be a CSV column; NDJSON carries them, the series recipes build them.
  series: {
    series: 'string',
    date: 'string',
    value: 'number',
    source: 'string',
    unit: 'string',
    licence: 'string',
    url: 'string'
  }
};

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * One value as the contract wants it, or undefined for "not given" (an empty CSV cell, a NULL):
 * the row check then applies the field's default or reports a missing required field. A value
 * that does not convert is passed on unchanged so that the row check names the field.
 */
export function toContractValue(kind: FieldKind, v: unknown): unknown {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string' && v.trim() === '') return undefined;
  switch (kind) {
    case 'string':
      return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : v;
    case 'number':
      return typeof v === 'string' && DECIMAL.test(v.trim()) ? Number(v.trim()) : v;
    case 'bool': {
      if (typeof v === 'boolean') return v;
      if (v === 0 || v === 1) return v === 1;
      const s = typeof v === 'string' ? v.trim().toLowerCase() : '';
      return s === 'true' || s === '1' ? true : s === 'false' || s === '0' ? false : v;
    }
    case 'time':
      // Digits only: epoch milliseconds, as the contract takes them.
      return typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v.trim()) : v;
    case 'uint64':
      return typeof v === 'string' ? v.trim() : v;
  }
}

/** A record read from a file as a contract row: known fields converted, empty ones left out. */
export function toContractRow(stream: Stream, record: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const kinds = STREAM_FIELDS[stream];
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(record)) {
    const kind = kinds[name];
    // Unknown columns are refused before reading (see read.ts); kept here they would fail the row check by name.
    const v = kind ? toContractValue(kind, value) : value;
    if (v !== undefined) out[name] = v;
  }
  return out;
}

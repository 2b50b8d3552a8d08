// Checks of a claim as the curated file or POST /api/ingest/claims gives it; each failure is a
// RowError naming the field.
import { CLAIM_STATUSES, SOURCE_KINDS, type Claim } from '../../src/lib/contract/claims';
import { isPanelId, type PanelId } from '../../src/lib/contract/panels';
import { httpUrl } from '../annotations/validate';
import * as f from '../ingest/rows/fields';
import { RowError } from '../ingest/rows/fields';

export type ClaimInput = Omit<Claim, 'evidence'>;

const FIELDS = new Set(['id', 'claim', 'value', 'value_high', 'unit', 'as_of', 'scope', 'source', 'status', 'panels', 'note']);
const SOURCE_FIELDS = new Set(['title', 'url', 'publisher', 'kind']);
const ID = /^[a-z0-9][a-z0-9._-]{0,127}$/;

function str(field: string, v: unknown, max: number, required: boolean): string {
  if (!required && (v === undefined || v === null)) return '';
  if (typeof v !== 'string') throw new RowError(field, `${field} must be a string`);
  if (required && v.trim() === '') throw new RowError(field, `${field} must not be empty`);
  if (v.length > max) throw new RowError(field, `${field} must be at most ${max} characters`);
  return v;
}

function num(field: string, v: unknown): number | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new RowError(field, `${field} must be a finite number or null`);
  return v;
}

export function checkClaim(v: unknown): ClaimInput {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new RowError('', 'a claim must be a JSON object');
  const r = v as Record<string, unknown>;
  f.onlyKnown(r, FIELDS);
  if (typeof r.id !== 'string' || !ID.test(r.id)) throw new RowError('id', 'id must be 1-128 characters [a-z0-9._-]');
  const s = r.source;
  if (typeof s !== 'object' || s === null || Array.isArray(s))
    throw new RowError('source', 'source must be an object {title, url, publisher, kind}');
  const src = s as Record<string, unknown>;
  for (const k in src) if (!SOURCE_FIELDS.has(k)) throw new RowError(`source.${k}`, `unknown field source.${k}`);
  const status = f.oneOf('status', r.status, new Set(CLAIM_STATUSES));
  const url = src.url === undefined || src.url === null || src.url === '' ? '' : httpUrl('source.url', src.url);
  // "sourced" means a primary source is given: a claim cannot say so without its address.
  if (status !== 'unsourced' && url === '') throw new RowError('source.url', `a ${status} claim needs its source's url`);
  const value = num('value', r.value);
  const valueHigh = num('value_high', r.value_high);
  if (valueHigh !== null && (value === null || valueHigh < value))
    throw new RowError('value_high', 'value_high needs a value no greater than it');
  return {
    id: r.id,
    claim: str('claim', r.claim, 1000, true),
    value,
    value_high: valueHigh,
    unit: str('unit', r.unit, 40, false),
    as_of: str('as_of', r.as_of, 40, true),
    scope: str('scope', r.scope, 1000, true),
    source: {
      title: str('source.title', src.title, 500, true),
      url,
      publisher: str('source.publisher', src.publisher, 200, false),
      kind: f.oneOf('source.kind', src.kind, new Set(SOURCE_KINDS))
    },
    status,
    panels: (() => {
      if (r.panels === undefined || r.panels === null) return [];
      if (!Array.isArray(r.panels)) throw new RowError('panels', 'panels must be an array of panel ids');
      return r.panels.map((p, i): PanelId => {
        if (typeof p !== 'string' || !isPanelId(p)) throw new RowError(`panels[${i}]`, `panels[${i}] is not a panel id`);
        return p;
      });
    })(),
    note: str('note', r.note, 2000, false)
  };
}

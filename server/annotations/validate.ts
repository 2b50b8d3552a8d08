// Checks of an annotation as a client sends it (POST body, PATCH body, an NDJSON line, a curated
// entry). Each failure is a RowError naming the field, so the HTTP answer can say where.
import { isPanelId } from '../../src/lib/contract/panels';
import type { Annotation, AnnotationKind, AnnotationSource } from '../../src/lib/contract/annotations';
import { RowError } from '../ingest/rows/fields';
import * as f from '../ingest/rows/fields';

export { RowError };

/**
 * What a writer gives: an annotation without what the server decides (its version and origin),
 * with the id optional (the server picks one when none is given).
 */
export type AnnotationInput = Omit<Annotation, 'id' | 'version' | 'origin'> & { id: string | undefined };

const FIELDS = new Set<keyof AnnotationInput>(['id', 'kind', 'time', 'timeEnd', 'title', 'text', 'tags', 'panels', 'source', 'author']);
const SOURCE_FIELDS = new Set(['title', 'url', 'licence']);
/** Ids are part of URLs (/api/annotations/{id}): no characters that need escaping. */
export const ANNOTATION_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const TAG = /^[a-z0-9][a-z0-9_.-]{0,39}$/;
const MAX_TAGS = 16;
const MAX_TEXT = 10_000;

/** An http(s) URL, checked by the WHATWG parser: javascript:, data: and relative links are refused. */
export function httpUrl(field: string, v: unknown): string {
  const s = f.text(field, v, 2000);
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    throw new RowError(field, `${field} must be an absolute http or https URL`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new RowError(field, `${field} must be an http or https URL, not ${u.protocol}`);
  return s;
}

function optionalString(field: string, v: unknown, max: number): string {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw new RowError(field, `${field} must be a string`);
  if (v.length > max) throw new RowError(field, `${field} must be at most ${max} characters`);
  return v;
}

function list<T>(field: string, v: unknown, max: number, each: (item: unknown, at: string) => T): T[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new RowError(field, `${field} must be an array`);
  if (v.length > max) throw new RowError(field, `${field} takes at most ${max} entries`);
  return [...new Set(v.map((item, i) => each(item, `${field}[${i}]`)))];
}

function source(v: unknown): AnnotationSource | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'object' || Array.isArray(v)) throw new RowError('source', 'source must be an object {title, url, licence?}');
  const s = v as Record<string, unknown>;
  for (const k in s) if (!SOURCE_FIELDS.has(k)) throw new RowError(`source.${k}`, `unknown field source.${k}`);
  return {
    title: f.text('source.title', s.title, 300),
    url: httpUrl('source.url', s.url),
    licence: optionalString('source.licence', s.licence, 200)
  };
}

/** A whole annotation: a POST body, an NDJSON line, a curated entry, or a PATCH merged onto the latest version. */
export function checkAnnotation(v: unknown): AnnotationInput {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new RowError('', 'an annotation must be a JSON object');
  const r = v as Record<string, unknown>;
  f.onlyKnown(r, FIELDS);
  let id: string | undefined;
  if (r.id !== undefined && r.id !== null) {
    if (typeof r.id !== 'string' || !ANNOTATION_ID.test(r.id))
      throw new RowError('id', 'id must be 1-128 characters [A-Za-z0-9._-], starting with a letter or digit');
    id = r.id;
  }
  const time = f.time('time', r.time);
  const timeEnd = f.optionalTime('timeEnd', r.timeEnd);
  const kind: AnnotationKind =
    r.kind === undefined || r.kind === null
      ? timeEnd === null
        ? 'event'
        : 'region'
      : f.oneOf('kind', r.kind, new Set(['event', 'region'] as const));
  if (kind === 'region' && timeEnd === null) throw new RowError('timeEnd', 'a region needs timeEnd, its end');
  if (kind === 'event' && timeEnd !== null)
    throw new RowError('timeEnd', 'an event has no timeEnd; send kind "region" for a stretch of time');
  if (timeEnd !== null && timeEnd <= time) throw new RowError('timeEnd', 'timeEnd must be after time');
  const title = f.text('title', typeof r.title === 'string' ? r.title.trim() : r.title, 200);
  return {
    id,
    kind,
    time,
    timeEnd,
    title,
    text: optionalString('text', r.text, MAX_TEXT),
    tags: list('tags', r.tags, MAX_TAGS, (t, at) => {
      if (typeof t !== 'string' || !TAG.test(t)) throw new RowError(at, `${at} must be a lower-case tag of 1-40 characters [a-z0-9_.-]`);
      return t;
    }),
    panels: list('panels', r.panels, 64, (p, at) => {
      if (typeof p !== 'string' || !isPanelId(p)) throw new RowError(at, `${at} is not a panel id (GET /api/panels lists them)`);
      return p;
    }),
    source: source(r.source),
    author: optionalString('author', r.author, 100)
  };
}

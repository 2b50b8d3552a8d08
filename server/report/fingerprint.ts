import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every level: the same data always gives the same text, so a
 * reader who fetches the same rows can recompute the same hash. Numbers and strings are written
 * as JSON.stringify writes them.
 */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** What one panel's hash covers: how the rows were asked for and what came back. */
export interface PanelEvidence {
  panel: string;
  /** The SQL text (SQL panels) or a note naming the server function (computed panels). */
  sql: string;
  /** Bound query parameters: the resolved window and filter values. */
  params: Record<string, unknown>;
  rows: readonly Record<string, unknown>[];
}

export function panelHash(e: PanelEvidence): string {
  return sha256(canonicalJson({ panel: e.panel, sql: e.sql, params: e.params, rows: e.rows }));
}

/**
 * The report's fingerprint: the as-of time, the stream counts and every panel's hash, in report
 * order. Two reports with the same fingerprint show the same data obtained the same way.
 */
export function reportHash(asOf: string, streams: unknown, panelHashes: readonly { panel: string; sha256: string }[]): string {
  return sha256(canonicalJson({ as_of: asOf, streams, panels: panelHashes }));
}

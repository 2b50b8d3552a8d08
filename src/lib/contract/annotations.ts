import type { PanelId } from './panels';

export const ANNOTATION_KINDS = ['event', 'region'] as const;
export type AnnotationKind = (typeof ANNOTATION_KINDS)[number];

/** Who wrote an annotation: shipped with the product, a person on a screen, or a producer's stream. */
export const ANNOTATION_ORIGINS = ['curated', 'user', 'ingest'] as const;
export type AnnotationOrigin = (typeof ANNOTATION_ORIGINS)[number];

export interface AnnotationSource {
  title: string;
  /** http or https only. */
  url: string;
  licence: string;
}

/**
 * One annotation as GET /api/annotations returns it: its latest version. Times are epoch ms, as
 * Grafana's annotation API has them; `timeEnd` is null for an event.
 */
export interface Annotation {
  id: string;
  version: number;
  kind: AnnotationKind;
  time: number;
  timeEnd: number | null;
  title: string;
  /** Markdown; rendered without raw HTML, links http/https only (src/lib/shared/markdown.ts). */
  text: string;
  tags: string[];
  /** Empty: every panel whose window contains it; else only these. */
  panels: PanelId[];
  source: AnnotationSource | null;
  author: string;
  origin: AnnotationOrigin;
}

/** A version in GET /api/annotations/{id}/history: deleted versions are tombstones. */
export interface AnnotationVersion extends Annotation {
  deleted: boolean;
  /** When the server wrote this version (epoch ms). */
  writtenAt: number;
}

export interface AnnotationsResponse {
  annotations: Annotation[];
}

export interface AnnotationHistoryResponse {
  id: string;
  versions: AnnotationVersion[];
}

/** 201 of POST, 200 of PATCH and DELETE. */
export interface AnnotationWriteResponse {
  id: string;
  version: number;
}

/**
 * Live annotations over the socket: `annotations:subscribe` answers with the whole set
 * (snapshot); after it, `annotations:delta` carries what changed, applying only to the set at
 * `base` of the same `run`. A client holding anything else subscribes again.
 */
export interface AnnotationsSnapshot {
  run: string;
  seq: number;
  annotations: Annotation[];
}

export interface AnnotationsDelta {
  run: string;
  seq: number;
  base: number;
  /** New annotations and new versions of ones held, whole. */
  upserts: Annotation[];
  /** Ids deleted. */
  removed: string[];
}

/** Whether an annotation belongs on a panel: listed there, or listing no panel at all. */
export function annotationOnPanel(a: Pick<Annotation, 'panels'>, panel: string): boolean {
  return a.panels.length === 0 || (a.panels as string[]).includes(panel);
}

/** Whether an annotation overlaps the window [fromMs, toMs]. */
export function annotationInWindow(a: Pick<Annotation, 'time' | 'timeEnd'>, fromMs: number, toMs: number): boolean {
  const end = a.timeEnd ?? a.time;
  return a.time <= toMs && end >= fromMs;
}

import { annotationInWindow, annotationOnPanel, type Annotation } from '../../src/lib/contract/annotations';
import { DIMENSIONS, filtersToQuery, type PanelFilters } from '../../src/lib/contract/filters';
import type { ForecastResponse } from '../../src/lib/contract/forecast';
import { isPanelId, PANEL_IDS, type PanelId, type PanelInfo } from '../../src/lib/contract/panels';
import type { PanelRow } from '../../src/lib/contract/socket';
import type { StreamsResponse } from '../../src/lib/contract/api';
import { filtersForPanel } from '../../src/lib/shared/view-state';
import { HEADLINES, type Headline } from '../../src/lib/shared/headlines';
import type { Engine } from '../engine/engine';
import { streamStats } from '../ingest/stats';
import { liveDefaultsFor } from '../forecast/live-cache';
import { defaultAsOf, runForecastRequest } from '../forecast/request';
import type { Metrics } from '../metrics/metrics';
import { CATALOGUE } from '../panels/catalogue';
import type { PanelDef, View } from '../panels/definition';
import { runPanel } from '../panels/run';
import { chTime, resolveTime, TimeBoundError } from '../panels/time';
import { resolveView } from '../panels/view';
import { canonicalJson, panelHash, reportHash, sha256, type PanelEvidence } from './fingerprint';

/** What a report is about: a filter set and window, and the panels it includes. */
export interface ReportRequest {
  filters: PanelFilters;
  panels: PanelId[];
}

export class ReportQueryError extends Error {
  override name = 'ReportQueryError';
  constructor(
    message: string,
    readonly param: string
  ) {
    super(message);
  }
}

/**
 * The report's request from its checked query (server/http/query.ts): the filters, and the panels
 * to include (all of the catalogue when none is named). An unknown panel is the caller's error.
 */
export function reportRequest(panelsRaw: readonly string[], filters: PanelFilters, now = Date.now()): ReportRequest {
  const bad = panelsRaw.find((p) => !isPanelId(p) || !CATALOGUE.has(p));
  if (bad !== undefined) throw new ReportQueryError(`unknown panel ${JSON.stringify(bad)}; GET /api/panels lists them`, 'panels');
  const panels = panelsRaw.length > 0 ? [...new Set(panelsRaw)].filter(isPanelId) : PANEL_IDS.filter((id) => CATALOGUE.has(id));
  // A bound no panel can read is the request's fault, said once as a 400, as a panel says it:
  // not a 200 report with every panel failed.
  for (const param of ['from', 'to'] as const) {
    const expr = filters[param];
    if (expr === undefined) continue;
    try {
      resolveTime(expr, now);
    } catch (e) {
      if (e instanceof TimeBoundError) throw new ReportQueryError(`${param}: ${e.message}`, param);
      throw e;
    }
  }
  return { filters, panels };
}

/** One panel as it stands in the report, with everything needed to cite and re-fetch it. */
export interface PanelSection {
  info: PanelInfo;
  /** The filters this panel was run with (the report's, less those it does not take). */
  filters: PanelFilters;
  ignored: string[];
  view: View | null;
  rows: PanelRow[];
  /** SQL text for SQL panels; null for panels computed in the server. */
  sql: string | null;
  source: string | null;
  params: Record<string, unknown>;
  sha256: string;
  /** GET path that returns the same rows as JSON (window pinned to absolute instants). */
  reproduce: string;
  error: string | null;
  /** Exactly what `sha256` was computed over. */
  evidence: PanelEvidence;
}

export interface HeadlineResult {
  id: string;
  label: string;
  panel: PanelId;
  filters: PanelFilters;
  headline: Headline | null;
  sha256: string;
  evidence: PanelEvidence;
}

export interface ReportData {
  asOf: string;
  request: ReportRequest;
  streams: StreamsResponse;
  headlines: HeadlineResult[];
  panels: PanelSection[];
  forecast: ForecastResponse | null;
  /** The annotations on the report's panels within their windows, numbered 1.. in this order. */
  annotations: Annotation[];
  /** SHA-256 of the annotations' canonical JSON: part of the fingerprint. */
  annotationsSha256: string;
  fingerprint: string;
  version: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Runs one panel and records how (SQL, parameters) and what (rows) for the fingerprint. */
async function runSection(
  engine: Engine,
  metrics: Metrics | undefined,
  def: PanelDef,
  wanted: PanelFilters,
  now: number
): Promise<PanelSection> {
  const { filters, ignored } = filtersForPanel(def.info, wanted);
  let view: View | null = null;
  let sql: string | null = null;
  let source: string | null = null;
  let params: Record<string, unknown> = {};
  let rows: PanelRow[] = [];
  let error: string | null = null;
  try {
    view = resolveView(def, filters, now);
    if (def.kind === 'sql') {
      const q = def.build(view);
      sql = q.sql.trim();
      source = q.source;
      params = q.params;
    } else {
      // Computed panels run several queries and some arithmetic in the server; their rows are
      // hashed with the resolved view that fully determines them, given the data.
      params = { from: chTime(view.fromMs), to: chTime(view.toMs), grain: view.grain, filters };
    }
    rows = await runPanel(engine, metrics, def, view, `report ${def.info.id}`);
  } catch (e) {
    error = (e as Error).message;
  }
  const evidence: PanelEvidence = {
    panel: def.info.id,
    sql: sql ?? `computed in the server: ${def.info.id}`,
    params: error ? { ...params, error } : params,
    rows
  };
  const pinned: PanelFilters = view ? { ...filters, from: iso(view.fromMs), to: iso(view.toMs), grain: view.grain } : filters;
  return {
    info: def.info,
    filters,
    ignored,
    view,
    rows,
    sql,
    source,
    params,
    sha256: panelHash(evidence),
    reproduce: `/api/panels/${def.info.id}?${filtersToQuery(pinned).toString()}`,
    error,
    evidence
  };
}

/** Runs at most `n` tasks at once: chDB shares the process's cores with the live hub. */
async function limited<T, R>(items: readonly T[], n: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
  return out;
}

/**
 * Everything a report shows, computed at one instant: the stream counts, the headline numbers,
 * every requested panel and the forecast's inputs, and the fingerprint over all of it.
 */
export async function collectReport(
  engine: Engine,
  metrics: Metrics | undefined,
  request: ReportRequest,
  version: string,
  allAnnotations: readonly Annotation[] = []
): Promise<ReportData> {
  const now = Date.now();
  const asOf = iso(now);
  const streams = await streamStats(engine);
  const defs = request.panels.map((id) => CATALOGUE.get(id)).filter((d): d is PanelDef => d !== undefined);
  const panels = await limited(defs, 2, (d) => runSection(engine, metrics, d, request.filters, now));

  // Headline numbers use their own small windows (this month, the last full weeks) with the
  // report's dimension filters where their panel takes them.
  const headlines = await limited(
    HEADLINES.filter((h) => CATALOGUE.has(h.panel)),
    2,
    async (h): Promise<HeadlineResult> => {
      const def = CATALOGUE.get(h.panel) as PanelDef;
      const dims = Object.fromEntries(DIMENSIONS.filter((d) => request.filters[d]).map((d) => [d, request.filters[d]]));
      const s = await runSection(engine, metrics, def, { ...dims, ...h.filters }, now);
      return {
        id: h.id,
        label: h.label,
        panel: h.panel,
        filters: s.filters,
        headline: s.error ? null : h.derive(s.rows),
        sha256: s.sha256,
        evidence: s.evidence
      };
    }
  );

  let forecast: ForecastResponse | null = null;
  try {
    const defaults = await liveDefaultsFor(engine).get(defaultAsOf(now));
    const outcome = runForecastRequest(defaults, {});
    if (outcome.ok) forecast = outcome.response;
  } catch {
    forecast = null;
  }

  const annotations = reportAnnotations(allAnnotations, panels);
  const annotationsSha256 = sha256(canonicalJson(annotations));
  const fingerprint = reportHash(asOf, streams, [
    ...headlines.map((h) => ({ panel: `headline:${h.id}`, sha256: h.sha256 })),
    ...panels.map((p) => ({ panel: p.info.id, sha256: p.sha256 })),
    // What the report says happened is part of what it shows: an edited note changes the fingerprint.
    { panel: 'annotations', sha256: annotationsSha256 }
  ]);
  return { asOf, request, streams, headlines, panels, forecast, annotations, annotationsSha256, fingerprint, version };
}

/** The annotations that belong on at least one of the report's panels within that panel's window, in time order. */
function reportAnnotations(all: readonly Annotation[], panels: readonly Pick<PanelSection, 'info' | 'view'>[]): Annotation[] {
  return all
    .filter((a) =>
      panels.some((p) => p.view !== null && annotationOnPanel(a, p.info.id) && annotationInWindow(a, p.view.fromMs, p.view.toMs))
    )
    .sort((a, b) => a.time - b.time || a.id.localeCompare(b.id));
}

/**
 * The report's evidence as JSON (GET /api/report.json): per panel exactly the object each
 * SHA-256 was computed over, so a reader can recompute every hash and the report's fingerprint.
 */
export function reportEvidence(d: ReportData) {
  return {
    as_of: d.asOf,
    fingerprint: d.fingerprint,
    streams: d.streams,
    filters: d.request.filters,
    hashing:
      'panel sha256 = SHA-256 of canonical JSON {panel, params, rows, sql}; fingerprint = SHA-256 of canonical JSON {as_of, panels: [{panel, sha256}], streams}, ' +
      'headlines first as panel "headline:<id>", the annotations last as panel "annotations" (SHA-256 of their canonical JSON array); canonical JSON = JSON with object keys sorted at every level, no whitespace',
    headlines: d.headlines.map((h) => ({ id: h.id, label: h.label, value: h.headline, sha256: h.sha256, ...h.evidence })),
    annotations: { sha256: d.annotationsSha256, items: d.annotations },
    panels: d.panels.map((p) => ({ sha256: p.sha256, reproduce: p.reproduce, error: p.error, ...p.evidence }))
  };
}

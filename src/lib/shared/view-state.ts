import { FORECAST_BRANCHES, FORECAST_INPUT_SETS, FORECAST_MODELS, FORECAST_PAIRS } from '../contract/forecast';
import {
  DIMENSIONS,
  filtersFromQuery,
  filtersSchema,
  filtersToQuery,
  GRAINS,
  type Dimension,
  type PanelFilters
} from '../contract/filters';
import { isPanelId, type PanelId, type PanelInfo } from '../contract/panels';

/**
 * The explorer's whole state, kept in the URL so a link is the view: reload, share or cite it
 * and the same panels, filters, comparison, view mode and forecast inputs come back.
 */
export type ViewMode = 'chart' | 'table' | 'both';
export const VIEW_MODES: readonly ViewMode[] = ['chart', 'table', 'both'];

export const WHAT_IF_PARAMS = [...FORECAST_PAIRS.flat(), 'overtraining', 'draws', 'seed'] as const;
export type WhatIfParam = (typeof WHAT_IF_PARAMS)[number];

/** The what-if's switches: which model, projection and inputs, and the AI-share scenario. */
export const WHAT_IF_CHOICES = {
  model: FORECAST_MODELS,
  branch: FORECAST_BRANCHES,
  inputs: FORECAST_INPUT_SETS,
  ai_share: ['off', 'on']
} as const;
export type WhatIfChoice = keyof typeof WHAT_IF_CHOICES;
const WHAT_IF_CHOICE_PARAMS = Object.keys(WHAT_IF_CHOICES) as WhatIfChoice[];

export interface ExploreState {
  panels: PanelId[];
  filters: PanelFilters;
  compare: boolean;
  view: ViewMode;
  whatIf: Partial<Record<WhatIfParam, number>>;
  whatIfChoices: Partial<Record<WhatIfChoice, string>>;
  /** Panels whose annotations are hidden (`ann_off=<panel>`, repeatable). */
  annotationsOff: PanelId[];
  /** Only annotations with one of these tags (`ann_tags=a,b`); null: every annotation. */
  annotationTags: string[] | null;
}

const TAG = /^[a-z0-9][a-z0-9_.-]{0,39}$/;

const DEFAULT_PANEL: PanelId = 'provenance.ai_share';

/** Parses the URL; anything invalid is dropped (and named in `dropped`) rather than failing the page. */
export function stateFromQuery(q: URLSearchParams): { state: ExploreState; dropped: string[] } {
  const dropped: string[] = [];
  const panels = [...new Set(q.getAll('panel').flatMap((p) => p.split(',')))].filter((p): p is PanelId => {
    if (isPanelId(p)) return true;
    dropped.push(`panel=${p}`);
    return false;
  });
  const raw = filtersFromQuery(q);
  const filters: Record<string, unknown> = {};
  // Field by field, so one bad value does not throw the whole view away.
  for (const [k, v] of Object.entries(raw)) {
    const r = filtersSchema.safeParse({ [k]: v });
    if (r.success) Object.assign(filters, r.data);
    else dropped.push(k);
  }
  const whatIf: ExploreState['whatIf'] = {};
  for (const p of WHAT_IF_PARAMS) {
    const v = q.get(p);
    if (v === null) continue;
    const n = Number(v);
    if (v.trim() !== '' && Number.isFinite(n) && n > 0) whatIf[p] = n;
    else dropped.push(p);
  }
  const whatIfChoices: ExploreState['whatIfChoices'] = {};
  for (const p of WHAT_IF_CHOICE_PARAMS) {
    const v = q.get(p);
    if (v === null) continue;
    if ((WHAT_IF_CHOICES[p] as readonly string[]).includes(v)) whatIfChoices[p] = v;
    else dropped.push(p);
  }
  const view = q.get('view');
  const annotationsOff = [...new Set(q.getAll('ann_off').flatMap((p) => p.split(',')))].filter((p): p is PanelId => {
    if (isPanelId(p)) return true;
    dropped.push(`ann_off=${p}`);
    return false;
  });
  const tagsRaw = q.get('ann_tags');
  const annotationTags =
    tagsRaw === null
      ? null
      : [...new Set(tagsRaw.split(','))].filter((t) => {
          if (t === '' || TAG.test(t)) return t !== '';
          dropped.push(`ann_tags=${t}`);
          return false;
        });
  return {
    state: {
      panels: panels.length > 0 ? panels : [DEFAULT_PANEL],
      filters: filters as PanelFilters,
      compare: q.get('compare') === 'previous' || q.get('compare') === '1',
      view: VIEW_MODES.includes(view as ViewMode) ? (view as ViewMode) : 'chart',
      whatIf,
      whatIfChoices,
      annotationsOff,
      annotationTags
    },
    dropped
  };
}

/** The URL query for a state: panels first, then the filters in canonical order, then the rest. */
export function stateToQuery(s: ExploreState): URLSearchParams {
  const q = new URLSearchParams();
  for (const p of s.panels) q.append('panel', p);
  for (const [k, v] of filtersToQuery(s.filters)) q.append(k, v);
  if (s.compare) q.set('compare', 'previous');
  if (s.view !== 'chart') q.set('view', s.view);
  for (const p of WHAT_IF_CHOICE_PARAMS) {
    const v = s.whatIfChoices[p];
    if (v !== undefined) q.set(p, v);
  }
  for (const p of WHAT_IF_PARAMS) {
    const v = s.whatIf[p];
    if (v !== undefined) q.set(p, String(v));
  }
  for (const p of s.annotationsOff ?? []) q.append('ann_off', p);
  if (s.annotationTags) q.set('ann_tags', s.annotationTags.join(','));
  return q;
}

/**
 * The part of the shared filters one panel takes: dimensions it does not filter on and a grain
 * it does not offer are left out (and reported), so one filter bar can drive several panels.
 */
export function filtersForPanel(info: PanelInfo, f: PanelFilters): { filters: PanelFilters; ignored: string[] } {
  const out: PanelFilters = {};
  const ignored: string[] = [];
  if (f.from !== undefined) out.from = f.from;
  if (f.to !== undefined) out.to = f.to;
  if (f.limit !== undefined) out.limit = f.limit;
  if (f.grain !== undefined) {
    if (info.grains.includes(f.grain)) out.grain = f.grain;
    else ignored.push(`grain ${f.grain}`);
  }
  for (const d of DIMENSIONS) {
    const v = f[d];
    if (!v || v.length === 0) continue;
    if (info.dimensions.includes(d)) out[d] = v;
    else ignored.push(d);
  }
  return { filters: out, ignored };
}

/** Dimensions any of the chosen panels filters on, in the schema's order. */
export function dimensionsOf(infos: readonly PanelInfo[]): Dimension[] {
  return DIMENSIONS.filter((d) => infos.some((i) => i.dimensions.includes(d)));
}

/** Grains every chosen panel offers (a grain only some take would be ignored by the others). */
export function grainsOf(infos: readonly PanelInfo[]): (typeof GRAINS)[number][] {
  return GRAINS.filter((g) => infos.length > 0 && infos.some((i) => i.grains.includes(g)));
}

export function withValue(f: PanelFilters, d: Dimension, value: string): PanelFilters {
  const cur = f[d] ?? [];
  return cur.includes(value) ? f : { ...f, [d]: [...cur, value] };
}

export function withoutValue(f: PanelFilters, d: Dimension, value: string): PanelFilters {
  const next = (f[d] ?? []).filter((v) => v !== value);
  const out: PanelFilters = { ...f };
  if (next.length > 0) out[d] = next;
  else delete out[d];
  return out;
}

export const DIMENSION_LABELS: Record<Dimension, string> = {
  domain: 'Domain',
  tld: 'Top-level domain',
  lang: 'Language',
  content_type: 'Content type',
  crawl_source: 'Crawl source',
  detector: 'Detector',
  platform: 'Platform',
  category: 'Category',
  region: 'Region',
  model_family: 'Model family',
  model: 'Model'
};

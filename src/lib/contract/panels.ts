import type { Dimension, Grain } from './filters';
import type { Stream } from './streams';

export const PANEL_IDS = [
  'provenance.ai_share',
  'provenance.by_domain',
  'provenance.by_lang',
  'provenance.by_content_type',
  'provenance.human_tokens',
  'provenance.detector_scores',
  'market.postings_index',
  'market.rates',
  'market.ai_mentions',
  'market.bids',
  'market.by_region',
  'diversity.by_generation',
  'diversity.trend',
  'training.dataset_sizes',
  'forecast.peak_data'
] as const;
export type PanelId = (typeof PANEL_IDS)[number];

export function isPanelId(s: string): s is PanelId {
  return (PANEL_IDS as readonly string[]).includes(s);
}

/** What GET /api/panels lists for each panel. */
export interface PanelInfo {
  id: PanelId;
  title: string;
  description: string;
  /** Unit of the main value: 'share' (0..1), 'tokens', 'index', 'usd', 'count', 'bits', 'year', ... */
  unit: string;
  /** Streams whose new rows can change this panel; ingest on them triggers a refresh. */
  streams: Stream[];
  dimensions: Dimension[];
  grains: Grain[];
  /** Defaults applied when a filter leaves them out. */
  defaults: { from: string; to: string; grain?: Grain };
  /** Longest interval between refreshes while someone watches, in ms; ingest refreshes sooner. */
  refresh_ms: number;
}

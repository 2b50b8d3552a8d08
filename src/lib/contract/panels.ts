import type { Dimension, Grain } from './filters';
import type { Origin } from './origin';
import type { Stream } from './streams';

export const PANEL_IDS = [
  'provenance.ai_share',
  'provenance.marker_words',
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
  'forecast.peak_data',
  'published.crawl_volume',
  'published.crawl_languages',
  'published.crawl_tlds',
  'published.job_postings',
  'published.llm_words'
] as const;
export type PanelId = (typeof PANEL_IDS)[number];

export function isPanelId(s: string): s is PanelId {
  return (PANEL_IDS as readonly string[]).includes(s);
}

/** Units of panel values; the front end formats each the same way everywhere. */
/**
 * How a value reads. `points`: a difference of two shares, in percentage points ("+9.2 pp");
 * `change`: a relative change ("+12.0%"); both always signed.
 */
export type Unit =
  'share' | 'points' | 'change' | 'tokens' | 'count' | 'index' | 'usd' | 'ratio' | 'bits' | 'year' | 'probability' | 'score';

/**
 * One column of a panel's rows. `time` columns hold epoch ms; `dimension` columns label a row
 * (a domain, a language) and can be drilled into with the filter of the same name; `series`
 * splits a time series into lines; `measure` columns are the numbers.
 */
export interface ColumnInfo {
  name: string;
  label: string;
  role: 'time' | 'dimension' | 'series' | 'measure';
  unit?: Unit;
  /**
   * A measure that is the difference of two values of its unit (an excess over a baseline): shown
   * in that unit, but it may fall below zero, down to minus the unit's largest value.
   */
  difference?: true;
  /** For dimension/series columns: the filter that selects one value of it (drill-down). */
  filter?: Dimension;
}

/** How the front end draws a panel by default. */
export type ChartKind = 'stacked-share' | 'line' | 'bar' | 'scatter-log' | 'forecast' | 'histogram';

/** Who published the data a panel shows, or the study it rests on: named in its info and on its chart. */
export interface Citation {
  source: string;
  /** The licence of data used; '' for a study cited, not copied. */
  licence: string;
  /** '' when no address is given. */
  url: string;
  /**
   * data: the rows shown come from it; method: the panel's method follows it; calibration: the
   * simulator's rows, when the panel shows any, are calibrated to its figures. @default data
   */
  kind?: 'data' | 'method' | 'calibration';
}

/** A dated event drawn across a time chart (the ChatGPT release on the postings charts). */
export interface TimeMark {
  /** YYYY-MM-DD */
  date: string;
  label: string;
}

/** What GET /api/panels lists for each panel. */
export interface PanelInfo {
  id: PanelId;
  title: string;
  description: string;
  /** Unit of the main value. */
  unit: Unit;
  /** The columns of every row, in order: the same for JSON, CSV, Parquet and the table view. */
  columns: ColumnInfo[];
  chart: ChartKind;
  /** Streams whose new rows can change this panel; ingest on them triggers a refresh. */
  streams: Stream[];
  /**
   * Streams whose simulator rows can reach this panel, when not all of `streams`: the marker-word
   * panel reads crawl files only, which the simulator never writes, so simulated crawl rows
   * cannot be in it. @default streams
   */
  simulated_via?: Stream[];
  /**
   * What the panel's figures are when no simulated row is among them (src/lib/shared/origin.ts):
   * `measured` for this project's estimates over real rows, `published` for published data or a
   * computation from published inputs only. @default published for the series stream, else ingested
   */
  origin?: Origin;
  dimensions: Dimension[];
  grains: Grain[];
  /** Defaults applied when a filter leaves them out. */
  defaults: { from: string; to: string; grain?: Grain };
  /** Longest interval between refreshes while someone watches, in ms; ingest refreshes sooner. */
  refresh_ms: number;
  /** Published data: who published it, under which licence. Absent for the project's own streams. */
  citations?: Citation[];
  /** Events to mark on the time axis. */
  marks?: TimeMark[];
  /** A log value axis, for values spanning orders of magnitude. */
  log_scale?: boolean;
}

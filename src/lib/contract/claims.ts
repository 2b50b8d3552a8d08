import type { PanelId } from './panels';

export const SOURCE_KINDS = ['peer-reviewed', 'preprint', 'industry study', 'survey', 'commentary'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/**
 * How well a claim is sourced: `sourced` (a primary source is given and says this), `secondary`
 * (only quoted by others, or the primary source says something narrower), `unsourced` (no primary
 * source could be found).
 */
export const CLAIM_STATUSES = ['sourced', 'secondary', 'unsourced'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

export interface ClaimSource {
  title: string;
  /** Empty when no primary source could be found. */
  url: string;
  publisher: string;
  kind: SourceKind;
}

/** What the observatory's own panel says now about the same quantity. */
export interface ClaimEvidence {
  panel: PanelId;
  /** What the number is, in words ("AI share of documents crawled in the window"). */
  label: string;
  value: number | null;
  /** A second value for a range (the forecast's 10th-90th percentile years). */
  low?: number | null;
  high?: number | null;
  unit: string;
  window: { from: string; to: string };
  /** Whether the rows behind it are measured (real data) or include the simulator's. */
  origin: 'measured' | 'simulated';
  /** Plain sentence on what the data does and does not support, scope difference stated. */
  reading: string;
}

export interface Claim {
  id: string;
  claim: string;
  /** The claim's number; for a range, its low end. */
  value: number | null;
  /** A range's high end (2026-2032: 2032). */
  value_high: number | null;
  unit: string;
  as_of: string;
  scope: string;
  source: ClaimSource;
  status: ClaimStatus;
  panels: PanelId[];
  /** Why the status is what it is, and what the source does say. */
  note: string;
  /** Null when no panel measures a comparable quantity (the reason is in `note`). */
  evidence: ClaimEvidence | null;
}

export interface ClaimsResponse {
  claims: Claim[];
}

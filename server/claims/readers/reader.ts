// What every evidence reader is: the view of its panel it reads, and how it turns that panel's
// rows into a reading of one claim. Shared by the readers of each domain.
import type { ClaimEvidence } from '../../../src/lib/contract/claims';
import type { PanelFilters } from '../../../src/lib/contract/filters';
import type { PanelRow } from '../../../src/lib/contract/socket';
import type { ClaimInput } from '../validate';

export interface Reader {
  filters: PanelFilters;
  /** Null when the rows hold nothing to read (the next of the claim's panels is tried). */
  read(rows: PanelRow[], claim: ClaimInput, simulated: boolean): Omit<ClaimEvidence, 'panel' | 'window' | 'origin'> | null;
}

export const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
export const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;
/** A signed percentage as a reader writes it: "+3.1%", "-21%". */
export const signed = (v: number) => `${v > 0 ? '+' : ''}${v}%`;

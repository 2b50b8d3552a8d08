// Pure: shared by the pages and the server's report. Whether what a panel shows includes rows the
// simulator wrote: the origin rule of origin.ts, asked one question.
import type { StreamsResponse } from '../contract/api';
import type { PanelInfo } from '../contract/panels';
import type { PanelRow } from '../contract/socket';
import { panelOrigin } from './origin';

/** True when the panel's origin (origin.ts) is simulated. */
export function showsSimulated(
  info: Pick<PanelInfo, 'streams' | 'columns' | 'simulated_via' | 'origin'>,
  rows: readonly PanelRow[] | null,
  stats: StreamsResponse | null
): boolean {
  return panelOrigin(info, rows, stats) === 'simulated';
}

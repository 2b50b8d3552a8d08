// Pure: what a subscriber does with each live message; the browser's client and scripts share it.
import type { PanelData, PanelDelta } from '../contract/socket';
import { applySplices, SpliceError } from './row-delta';

/**
 * Whether a whole result is one this holder has not shown. Within one server run seq only grows;
 * a restarted server counts from 1 again but computes at a later as_of, so the time decides and
 * seq breaks ties. A cached result resent after a reconnect is equal on both and is dropped.
 */
export function isNewer(d: PanelData, last: PanelData | null): boolean {
  if (!last) return true;
  if (d.as_of !== last.as_of) return d.as_of > last.as_of;
  return d.seq > last.seq;
}

/**
 * What a delta does to the result held: the next result (rows deep-equal, in order, to the
 * server's), `old` when it is one already shown (drop it), or `gap` when it does not apply to
 * what is held (a delta was missed, the server restarted, or nothing is held yet): ask for the
 * whole result instead of drawing a wrong chart.
 */
export function receiveDelta(held: PanelData | null, d: PanelDelta): PanelData | 'old' | 'gap' {
  if (!held) return 'gap';
  if (d.run !== held.run) return d.as_of > held.as_of ? 'gap' : 'old';
  if (d.seq <= held.seq) return 'old';
  if (d.base !== held.seq) return 'gap';
  try {
    const rows = applySplices(held.rows, d.splices);
    return { key: d.key, panel: d.panel, rows, as_of: d.as_of, seq: d.seq, run: d.run };
  } catch (e) {
    if (e instanceof SpliceError) return 'gap';
    throw e;
  }
}

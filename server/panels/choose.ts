import type { View } from './definition';
import { pickSource, type Source } from './source';
import { usedDimensions } from './where';

/**
 * The cheapest of `sources` that can answer the view, or the raw table (the last source) when
 * forced: the benchmark and the tests read both to compare the rollup with the raw table.
 */
export function chooseSource(sources: readonly Source[], view: View, forceRaw = false): Source {
  const raw = sources[sources.length - 1];
  if (!raw) throw new Error('a panel needs at least one source');
  return forceRaw ? raw : pickSource(sources, view.grain, usedDimensions(view.filters), view.fromMs, view.now);
}

import { filtersSchema, canonicalFilters, GRAINS, type Grain, type PanelFilters } from '../../src/lib/contract/filters';
import type { PanelDef, View } from './definition';
import { autoGrain, resolveTime, TimeBoundError } from './time';
import { usedDimensions } from './where';

/** A request the panel cannot answer as asked; `param` names the offending filter. */
export class ViewError extends Error {
  override name = 'ViewError';
  constructor(
    message: string,
    readonly param: string
  ) {
    super(message);
  }
}

/** Parses untrusted filters against the shared schema, naming the first bad field. */
export function parseFilters(input: unknown): PanelFilters {
  const r = filtersSchema.safeParse(input ?? {});
  if (!r.success) {
    const issue = r.error.issues[0];
    const param = issue ? (issue.code === 'unrecognized_keys' ? issue.keys.join(',') : String(issue.path[0] ?? '')) : '';
    const what = issue?.code === 'unrecognized_keys' ? `unknown filter ${param}` : `${param}: ${issue?.message ?? 'invalid'}`;
    throw new ViewError(`invalid filters: ${what}`, param);
  }
  return canonicalFilters(r.data);
}

/** Applies the panel's defaults and checks the request against what the panel accepts. */
export function resolveView(def: PanelDef, filters: PanelFilters, now: number): View {
  for (const d of usedDimensions(filters)) {
    if (!def.info.dimensions.includes(d)) {
      throw new ViewError(`panel ${def.info.id} does not take the filter ${d} (it takes: ${def.info.dimensions.join(', ') || 'none'})`, d);
    }
  }
  const fromMs = bound('from', filters.from ?? def.info.defaults.from, now);
  const toMs = bound('to', filters.to ?? def.info.defaults.to, now);
  if (!(fromMs < toMs)) throw new ViewError('from must be before to', 'from');
  // The panel's default grain belongs to its default window; a window of the viewer's own gets
  // a grain that suits its length, coarsened to one the panel takes.
  const ownWindow = filters.from !== undefined || filters.to !== undefined;
  const grain = filters.grain ?? (ownWindow ? undefined : def.info.defaults.grain) ?? fitGrain(autoGrain(fromMs, toMs), def.info.grains);
  if (!def.info.grains.includes(grain)) {
    throw new ViewError(`panel ${def.info.id} does not take grain ${grain} (it takes: ${def.info.grains.join(', ')})`, 'grain');
  }
  return { filters, fromMs, toMs, grain, now };
}

/** A bound that matches the pattern but names no real instant (2024-13-01) is the caller's error. */
function bound(param: 'from' | 'to', expr: string, now: number): number {
  try {
    return resolveTime(expr, now);
  } catch (e) {
    if (e instanceof TimeBoundError) throw new ViewError(`${param}: ${e.message}`, param);
    throw e;
  }
}

/** The given grain if the panel takes it, else the next coarser one it takes. */
function fitGrain(g: Grain, allowed: readonly Grain[]): Grain {
  return GRAINS.slice(GRAINS.indexOf(g)).find((x) => allowed.includes(x)) ?? allowed[allowed.length - 1] ?? g;
}

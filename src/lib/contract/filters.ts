import { z } from 'zod';

/**
 * The filter object a browser or script sends instead of SQL. The server parses it with this
 * schema, then builds SQL from allow-listed pieces; the same schema drives the explorer's URL.
 */

export const GRAINS = ['minute', 'hour', 'day', 'week', 'month'] as const;
export type Grain = (typeof GRAINS)[number];

export const DIMENSIONS = [
  'domain',
  'tld',
  'lang',
  'content_type',
  'crawl_source',
  'detector',
  'platform',
  'category',
  'region',
  'model_family',
  'model'
] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/**
 * A time bound: `now`, `now-<n><unit>` (unit m, h, d, w, mo, y) or an ISO 8601 date or
 * date-time in UTC. Relative bounds keep a live view moving; absolute ones make a citable link.
 */
export const TIME_EXPR = /^(now(-\d{1,5}(m|h|d|w|mo|y))?|\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z?)?)$/;

const timeBound = z.string().regex(TIME_EXPR, 'must be now, now-<n><m|h|d|w|mo|y> or an ISO 8601 date');

const dimensionValues = z
  .array(z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters'))
  .max(50, 'takes at most 50 values');

const dimensionShape = Object.fromEntries(DIMENSIONS.map((d) => [d, dimensionValues.optional()])) as Record<
  Dimension,
  z.ZodOptional<typeof dimensionValues>
>;

export const filtersSchema = z
  .object({
    from: timeBound.optional(),
    to: timeBound.optional(),
    grain: z.enum(GRAINS).optional(),
    /** Top-N panels: how many items. */
    limit: z.number().int().min(1).max(100).optional(),
    ...dimensionShape
  })
  .strict();

export type PanelFilters = z.infer<typeof filtersSchema>;

/**
 * The canonical form of a filter set: dimension values sorted and deduplicated, empty lists
 * and undefined keys dropped, keys in a fixed order. Two viewers of the same view produce the
 * same canonical form and so share one subscription and one query.
 */
export function canonicalFilters(f: PanelFilters): PanelFilters {
  const out: Record<string, unknown> = {};
  if (f.from !== undefined) out.from = f.from;
  if (f.to !== undefined) out.to = f.to;
  if (f.grain !== undefined) out.grain = f.grain;
  if (f.limit !== undefined) out.limit = f.limit;
  for (const d of DIMENSIONS) {
    const v = f[d];
    if (v && v.length > 0) out[d] = [...new Set(v)].sort();
  }
  return out as PanelFilters;
}

/** Serialises filters to a query string (repeated keys for lists), in canonical order. */
export function filtersToQuery(f: PanelFilters): URLSearchParams {
  const c = canonicalFilters(f);
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(c)) {
    if (Array.isArray(v)) for (const item of v) q.append(k, String(item));
    else q.append(k, String(v));
  }
  return q;
}

/**
 * Reads filters from a query string. Keys outside `allowed` are left for the caller (format,
 * panel state); the result still has to pass filtersSchema.
 */
export function filtersFromQuery(q: URLSearchParams): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set(q.keys())) {
    if ((DIMENSIONS as readonly string[]).includes(key)) {
      out[key] = q
        .getAll(key)
        .flatMap((v) => v.split(','))
        .filter((v) => v !== '');
    } else if (key === 'limit') {
      const n = Number(q.get(key));
      out[key] = Number.isFinite(n) ? n : q.get(key);
    } else if (key === 'from' || key === 'to' || key === 'grain') {
      out[key] = q.get(key);
    }
  }
  return out;
}

/** The subscription key: panel id and canonical filters, stable across clients. */
export function subscriptionKey(panel: string, f: PanelFilters): string {
  const q = filtersToQuery(f).toString();
  return q ? `${panel}?${q}` : panel;
}

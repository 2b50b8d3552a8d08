import type { z } from 'zod';
import { DIMENSIONS, filtersFromQuery, type PanelFilters } from '../../src/lib/contract/filters';
import { parseFilters, ViewError } from '../panels/view';
import { badRequest } from './errors';

/** What a read route takes in its query string, besides the access token. */
interface QueryRules {
  /** The route's own single-valued parameters. */
  params?: readonly string[];
  /** Its list parameters: may be given more than once, and comma-separated. */
  lists?: readonly string[];
  /** Whether it takes the panel filters: from, to, grain, limit and the dimensions (which may repeat). */
  filters?: boolean;
}

interface CheckedQuery {
  /** The route's own single-valued parameters that were given. */
  params: Record<string, string>;
  /** Its list parameters, every value (comma-separated values split), empty when not given. */
  lists: Record<string, string[]>;
  /** The filters, parsed and canonical; empty when the route takes none. */
  filters: PanelFilters;
}

const FILTER_KEYS: readonly string[] = ['from', 'to', 'grain', 'limit'];
const isDimension = (k: string) => (DIMENSIONS as readonly string[]).includes(k);

/**
 * The one validate step of the read routes (panels, dimensions, report, forecast): the access
 * token taken out, every other key known to the route, a key given once unless it is a list,
 * the filters parsed against the shared schema. Each refusal is a 400 naming the parameter.
 */
export function checkQuery(url: URL, rules: QueryRules): CheckedQuery {
  refuseMalformedEscapes(url.search);
  const q = new URLSearchParams(url.searchParams);
  q.delete('access_token');
  const lists = rules.lists ?? [];
  const own = [...(rules.params ?? []), ...lists];
  const isFilter = (k: string) => rules.filters === true && !own.includes(k) && (FILTER_KEYS.includes(k) || isDimension(k));
  const takes = [...own, ...(rules.filters ? [...FILTER_KEYS, 'the dimension filters'] : [])];
  const out: CheckedQuery = { params: {}, lists: Object.fromEntries(lists.map((k) => [k, []])), filters: {} };
  for (const key of new Set(q.keys())) {
    if (!own.includes(key) && !isFilter(key)) {
      throw badRequest(`unknown query parameter ${key} (takes ${takes.join(', ') || 'none'})`, { param: key });
    }
    const values = q.getAll(key);
    if (lists.includes(key)) out.lists[key] = values.flatMap((v) => v.split(',')).filter((v) => v !== '');
    else if (values.length > 1 && !(isFilter(key) && isDimension(key))) {
      throw badRequest(`${key} is given ${values.length} times; give it once`, { param: key });
    } else if (own.includes(key)) out.params[key] = values[0] ?? '';
  }
  if (rules.filters) {
    for (const k of own) q.delete(k);
    try {
      out.filters = parseFilters(filtersFromQuery(q));
    } catch (e) {
      if (e instanceof ViewError) throw badRequest(e.message, { param: e.param });
      throw e;
    }
  }
  return out;
}

/** A route's own parameters against its schema; the first problem is a 400 naming the parameter. */
export function parseParams<S extends z.ZodType>(schema: S, params: Record<string, string>): z.output<S> {
  const r = schema.safeParse(params);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const param = issue?.code === 'unrecognized_keys' ? (issue.keys[0] ?? '') : String(issue?.path[0] ?? '');
  throw badRequest(`${param}: ${issue?.message ?? 'invalid'}`, { param });
}

/**
 * URLSearchParams reads a %-escape that is not UTF-8 (`%ff`, a cut `%E0%A4%A`) as U+FFFD, which
 * would match nothing and answer an empty 200; such a key or value is a 400 naming it instead.
 */
function refuseMalformedEscapes(search: string): void {
  for (const pair of search.replace(/^\?/, '').split('&')) {
    if (!pair.includes('%')) continue;
    const eq = pair.indexOf('=');
    const rawKey = eq === -1 ? pair : pair.slice(0, eq);
    const key = decodeOrNull(rawKey);
    if (key === null)
      throw badRequest(`a query parameter name is not valid %-encoded UTF-8: ${rawKey.slice(0, 60)}`, { param: rawKey.slice(0, 60) });
    if (eq !== -1 && decodeOrNull(pair.slice(eq + 1)) === null) {
      throw badRequest(`${key} is not valid %-encoded UTF-8: ${pair.slice(eq + 1, eq + 61)}`, { param: key });
    }
  }
}

function decodeOrNull(s: string): string | null {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

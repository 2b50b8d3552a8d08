import { z } from 'zod';
import { DIMENSIONS, TIME_EXPR, type Dimension } from '../../../src/lib/contract/filters';
import { DIMENSION_VALUES_DEFAULT_LIMIT, DIMENSION_VALUES_MAX_LIMIT, dimensionValuesQuery } from '../../panels/dimension-values';
import { resolveTime } from '../../panels/time';
import { badRequest, HttpError } from '../errors';
import { checkQuery, parseParams } from '../query';
import { json } from '../respond';
import type { Router } from '../router';
import { requireRead, type ApiDeps } from './context';

/** Suggestions follow what is being crawled and posted now unless the caller names a window. */
const DEFAULT_FROM = 'now-30d';

const timeBound = z.string().regex(TIME_EXPR, 'must be now, now-<n><m|h|d|w|mo|y> or an ISO 8601 date');
const querySchema = z.strictObject({
  from: timeBound.optional(),
  to: timeBound.optional(),
  q: z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters').optional(),
  limit: z
    .string()
    .regex(/^\d{1,6}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().min(1).max(DIMENSION_VALUES_MAX_LIMIT))
    .optional()
});

function isDimension(s: string): s is Dimension {
  return (DIMENSIONS as readonly string[]).includes(s);
}

/** A time bound that matched the pattern but names no real date (2024-13-01) is a 400 as well. */
function timeParam(param: 'from' | 'to', expr: string, now: number): number {
  const ms = (() => {
    try {
      return resolveTime(expr, now);
    } catch {
      return NaN;
    }
  })();
  if (!Number.isFinite(ms)) throw badRequest(`${param}: not a date: ${expr}`, { param });
  return ms;
}

/** GET /api/dimensions/{name}: the values a filter can take, from the data, most frequent first. */
export function registerDimensionRoutes(router: Router, deps: ApiDeps): void {
  router.add('GET', '/api/dimensions/:name', async (req, res, { params, url }) => {
    requireRead(deps, req, url);
    const name = params.name ?? '';
    if (!isDimension(name)) {
      throw new HttpError(404, {
        error: `unknown dimension ${JSON.stringify(name)}; dimensions are ${DIMENSIONS.join(', ')}`,
        param: 'name'
      });
    }
    const query = parseParams(querySchema, checkQuery(url, { params: Object.keys(querySchema.shape) }).params);
    const now = Date.now();
    const fromMs = timeParam('from', query.from ?? DEFAULT_FROM, now);
    const toMs = timeParam('to', query.to ?? 'now', now);
    if (!(fromMs < toMs)) throw badRequest('from must be before to', { param: 'from' });
    const q = dimensionValuesQuery({
      dimension: name,
      fromMs,
      toMs,
      limit: query.limit ?? DIMENSION_VALUES_DEFAULT_LIMIT,
      ...(query.q !== undefined ? { prefix: query.q } : {})
    });
    const rows = await deps.engine.rows<{ value: string; n: number | string }>(q.sql, { tag: `rest dimensions ${name}`, params: q.params });
    json(res, 200, { dimension: name, values: rows.map((r) => ({ value: r.value, count: Number(r.n) })) });
  });
}

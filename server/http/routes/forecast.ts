import { forecastQuerySchema } from '../../../src/lib/contract/forecast';
import { liveDefaultsFor } from '../../forecast/live-cache';
import { ForecastBusy, runForecastBounded } from '../../forecast/offload';
import { defaultAsOf } from '../../forecast/request';
import { badRequest, HttpError } from '../errors';
import { json } from '../respond';
import type { Router } from '../router';
import { requireRead, type ApiDeps } from './context';

/**
 * GET /api/forecast: the peak-data forecast. Every input is optional; what the query leaves out
 * comes from the live defaults (measured from training_runs and the crawl, see
 * server/forecast/live-defaults.ts), and the response lists every assumption with its source.
 * A bad parameter is a 400 naming it.
 */
export function registerForecastRoutes(router: Router, deps: ApiDeps): void {
  router.add('GET', '/api/forecast', async (req, res, { url }) => {
    requireRead(deps, req, url);
    const raw: Record<string, string> = {};
    for (const key of new Set(url.searchParams.keys())) {
      if (key === 'access_token') continue;
      const values = url.searchParams.getAll(key);
      if (values.length > 1) throw badRequest(`${key} is given ${values.length} times; give it once`, { param: key });
      raw[key] = values[0] ?? '';
    }
    const parsed = forecastQuerySchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const param = issue ? (issue.code === 'unrecognized_keys' ? (issue.keys[0] ?? '') : String(issue.path[0] ?? '')) : '';
      const message =
        issue?.code === 'unrecognized_keys'
          ? `unknown parameter ${param}; the forecast takes as_of, stock_p5, stock_p95, stock_growth_p5, stock_growth_p95, demand_p5, demand_p95, demand_growth_p5, demand_growth_p95, overtraining, draws, seed`
          : `${param}: ${issue?.message ?? 'invalid'}`;
      throw badRequest(message, { param });
    }
    const query = parsed.data;
    const defaults = await liveDefaultsFor(deps.engine).get(query.as_of ?? defaultAsOf(Date.now()));
    let outcome;
    try {
      outcome = await runForecastBounded(defaults, query);
    } catch (e) {
      if (e instanceof ForecastBusy) throw new HttpError(429, { error: e.message, param: 'draws' }, { 'retry-after': '2' });
      throw e;
    }
    if (!outcome.ok) throw badRequest(outcome.message, { param: outcome.param });
    json(res, 200, outcome.response);
  });
}

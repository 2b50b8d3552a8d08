import { forecastQuerySchema } from '../../../src/lib/contract/forecast';
import { liveDefaultsFor } from '../../forecast/live-cache';
import { defaultAsOf, runForecastRequest } from '../../forecast/request';
import { badRequest } from '../errors';
import { checkQuery, parseParams } from '../query';
import { json } from '../respond';
import type { Router } from '../router';
import { requireRead, type ApiDeps } from './context';

const FORECAST_PARAMS = Object.keys(forecastQuerySchema.shape);

/**
 * GET /api/forecast: the peak-data forecast. model=epoch (default) is Epoch AI's published model
 * with branch=pooled|historical|compute and inputs=published (default: the paper's numbers) or
 * live (measured from training_runs and the crawl, see server/forecast/live-defaults.ts);
 * model=simple is this project's reduced model with its lognormal inputs as parameters. The
 * response lists every assumption with its source. A bad parameter is a 400 naming it.
 */
export function registerForecastRoutes(router: Router, deps: ApiDeps): void {
  router.add('GET', '/api/forecast', async (req, res, { url }) => {
    requireRead(deps, req, url);
    const query = parseParams(forecastQuerySchema, checkQuery(url, { params: FORECAST_PARAMS }).params);
    const defaults = await liveDefaultsFor(deps.engine).get(query.as_of ?? defaultAsOf(Date.now()));
    const outcome = runForecastRequest(defaults, query);
    if (!outcome.ok) throw badRequest(outcome.message, { param: outcome.param });
    json(res, 200, outcome.response);
  });
}

import type { Router } from '../router';
import type { ApiDeps } from './context';

/** GET /api/forecast: the peak-data forecast for given inputs. */
export function registerForecastRoutes(_router: Router, _deps: ApiDeps): void {}

import type { Router } from '../router';
import type { ApiDeps } from './context';

/** GET /api/dimensions/{name}: the values a filter can take, from the data. */
export function registerDimensionRoutes(_router: Router, _deps: ApiDeps): void {}

import type { Router } from '../router';
import type { ApiDeps } from './context';

/** GET /api/report (HTML) and /api/report.pdf. */
export function registerReportRoutes(_router: Router, _deps: ApiDeps): void {}

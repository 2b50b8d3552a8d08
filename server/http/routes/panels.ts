import { isPanelId } from '../../../src/lib/contract/panels';
import { leftOutFor } from '../../engine/left-out';
import { CATALOGUE, panelInfos } from '../../panels/catalogue';
import { exportPanel, EXPORT_FORMATS, type ExportFormat } from '../../panels/export';
import { provenanceOf, readOriginStats } from '../../panels/provenance';
import { runPanel } from '../../panels/run';
import { resolveView, ViewError } from '../../panels/view';
import { badRequest, HttpError } from '../errors';
import { checkQuery } from '../query';
import { json, send } from '../respond';
import type { Router } from '../router';
import { requireRead, type ApiDeps } from './context';

/**
 * The panel catalogue and every panel's rows as JSON, CSV, Parquet or a data package: the REST
 * twin of the socket. Every format carries the panel's provenance (sources, licences, origin, the
 * query's window).
 */
export function registerPanelRoutes(router: Router, deps: ApiDeps): void {
  const { engine, metrics } = deps;
  router.add('GET', '/api/panels', (req, res, { url }) => {
    requireRead(deps, req, url);
    checkQuery(url, {});
    json(res, 200, { panels: panelInfos() });
  });

  router.add('GET', '/api/panels/:id', async (req, res, { params, url }) => {
    requireRead(deps, req, url);
    const id = params.id ?? '';
    const def = isPanelId(id) ? CATALOGUE.get(id) : undefined;
    if (!def) throw new HttpError(404, { error: `unknown panel ${JSON.stringify(id)}; GET /api/panels lists them`, param: 'id' });
    const { params: own, filters } = checkQuery(url, { params: ['format'], filters: true });
    const format = own.format ?? 'json';
    if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
      throw badRequest(`format must be one of ${EXPORT_FORMATS.join(', ')}`, { param: 'format' });
    }
    try {
      const view = resolveView(def, filters, Date.now());
      if (format === 'json') {
        const [rows, stats] = await Promise.all([runPanel(engine, metrics, def, view, `rest ${id}`), readOriginStats(engine)]);
        // Stored rows this panel's read left out as unusable (named here and in /api/health).
        const left = leftOutFor(engine).get(id);
        json(res, 200, {
          panel: id,
          filters,
          from: new Date(view.fromMs).toISOString(),
          to: new Date(view.toMs).toISOString(),
          grain: view.grain,
          as_of: new Date(view.now).toISOString(),
          provenance: provenanceOf(def.info, view, stats, view.now),
          rows,
          ...(left.length > 0 ? { left_out: left } : {})
        });
        return;
      }
      metrics.panelQueries.inc({ panel: id });
      const provenance = provenanceOf(def.info, view, await readOriginStats(engine), view.now);
      const file = await exportPanel(engine, def, view, format as Exclude<ExportFormat, 'json'>, `rest ${id} ${format}`, provenance);
      send(res, 200, file.body, file.contentType, { 'content-disposition': `attachment; filename="${file.filename}"` });
    } catch (e) {
      if (e instanceof ViewError) throw badRequest(e.message, { param: e.param });
      throw e;
    }
  });
}

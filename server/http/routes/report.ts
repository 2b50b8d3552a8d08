import { collectReport, reportEvidence, ReportQueryError, reportRequest } from '../../report/collect';
import { esc, reportHtml } from '../../report/html';
import { htmlToPdf, PdfUnavailable } from '../../report/pdf';
import { badRequest, HttpError } from '../errors';
import { checkQuery } from '../query';
import { json, send } from '../respond';
import type { Router } from '../router';
import { requireRead, type ApiDeps } from './context';

/**
 * GET /api/report (HTML), /api/report.pdf and /api/report.json (the evidence): a citable report for a filter set and window,
 * rendered on the server (ECharts to SVG, no browser needed for HTML; headless Chromium prints
 * the same HTML to PDF). Same query grammar as the explorer, plus panels=a,b to choose panels.
 */
export function registerReportRoutes(router: Router, deps: ApiDeps): void {
  // The HTML takes ?download (an attachment rather than a page); all take panels=a,b and the filters.
  const build = async (url: URL, params: string[] = []) => {
    const q = checkQuery(url, { params, lists: ['panels', 'panel'], filters: true });
    let request;
    try {
      request = reportRequest([...(q.lists.panels ?? []), ...(q.lists.panel ?? [])], q.filters);
    } catch (e) {
      if (e instanceof ReportQueryError) throw badRequest(e.message, { param: e.param });
      throw e;
    }
    const data = await collectReport(deps.engine, deps.metrics, request, deps.version, await deps.annotations.list());
    return { data, html: reportHtml(data) };
  };
  const stamp = (iso: string) => iso.slice(0, 16).replace(/[-:]/g, '').replace('T', '-');

  router.add('GET', '/api/report', async (req, res, { url }) => {
    requireRead(deps, req, url);
    const { data, html } = await build(url, ['download']);
    const disposition = url.searchParams.has('download') ? 'attachment' : 'inline';
    send(res, 200, html, 'text/html; charset=utf-8', {
      'content-disposition': `${disposition}; filename="pdo-report-${stamp(data.asOf)}.html"`,
      'x-report-fingerprint': data.fingerprint,
      // Self-contained by design: nothing to load, nothing to run.
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    });
  });

  // The evidence behind the fingerprint: SQL, parameters and rows of every panel, as hashed.
  router.add('GET', '/api/report.json', async (req, res, { url }) => {
    requireRead(deps, req, url);
    const { data } = await build(url);
    json(res, 200, reportEvidence(data), { 'x-report-fingerprint': data.fingerprint });
  });

  router.add('GET', '/api/report.pdf', async (req, res, { url }) => {
    requireRead(deps, req, url);
    const { data, html } = await build(url);
    try {
      const pdf = await htmlToPdf(html, `Peak Data Observatory · ${esc(data.asOf)} · SHA-256 ${data.fingerprint.slice(0, 16)}`);
      send(res, 200, pdf, 'application/pdf', {
        'content-disposition': `attachment; filename="pdo-report-${stamp(data.asOf)}.pdf"`,
        'x-report-fingerprint': data.fingerprint
      });
    } catch (e) {
      if (e instanceof PdfUnavailable) throw new HttpError(503, { error: e.message });
      throw e;
    }
  });
}

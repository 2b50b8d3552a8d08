import { formatUnit, timeAt } from '../../src/lib/shared/format';
import { formatInput, inputInterval } from '../../src/lib/shared/forecast-inputs';
import { roles } from '../../src/lib/shared/options/columns';
import { DOMAINS } from '../../src/lib/shared/domains';
import { showsSimulated } from '../../src/lib/shared/simulated';
import type { PanelFilters } from '../../src/lib/contract/filters';
import { filtersToQuery } from '../../src/lib/contract/filters';
import type { ColumnInfo } from '../../src/lib/contract/panels';
import type { PanelRow } from '../../src/lib/contract/socket';
import { PUBLISHED_RESULT } from '../forecast/published';
import { CATALOGUE } from '../panels/catalogue';
import type { PanelSection, ReportData } from './collect';
import { calibrationTargets, DIVERSITY_DEFINITIONS, DOMAIN_ANCHORS, methodsByPanel } from './methods';
import { panelSvg } from './render';

/** Text into HTML: every value from data or requests goes through here. */
export function esc(s: unknown): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** `code` spans of the methods tables as <code>; everything else escaped. */
function mdInline(s: string): string {
  return esc(s).replace(/`([^`]+)`/g, '<code>$1</code>');
}

const utc = (iso: string) =>
  iso
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC')
    .replace(/Z$/, ' UTC');

function describeFilters(f: PanelFilters): string {
  const parts = [...filtersToQuery(f)].filter(([k]) => !['from', 'to', 'grain'].includes(k)).map(([k, v]) => `${k} = ${v}`);
  return parts.length ? parts.join(', ') : 'none';
}

function cell(c: ColumnInfo, v: unknown, grain?: string): string {
  if (v === null || v === undefined) return '–';
  if (c.role === 'time' && typeof v === 'number') return timeAt(v, grain);
  if (c.role === 'measure' || c.unit) return formatUnit(v, c.unit);
  return String(v);
}

/**
 * A column's heading with its unit when the label does not say it: "310T" under "Human stock,
 * median" needs "(tokens)"; shares, dollars and years carry their unit in the value itself.
 */
function header(c: ColumnInfo): string {
  return c.unit === 'tokens' && !/token/i.test(c.label) ? `${c.label} (tokens)` : c.label;
}

/**
 * The rows a reader most likely cites: the latest periods of a time series, the top of a ranking.
 * Five or six, so that two panels with their descriptions fit on an A4 page; the download has all.
 */
function excerpt(s: PanelSection): { rows: PanelRow[]; note: string } {
  const r = roles(s.info);
  const n = s.rows.length;
  if (r.time && s.info.chart !== 'scatter-log' && s.info.chart !== 'forecast') {
    const k = r.series ? Math.min(n, 6) : Math.min(n, 5);
    return { rows: s.rows.slice(n - k), note: `latest ${k} of ${n} rows` };
  }
  const k = Math.min(n, 5);
  return { rows: s.rows.slice(0, k), note: k < n ? `first ${k} of ${n} rows` : `all ${n} rows` };
}

function table(s: PanelSection): string {
  if (s.rows.length === 0) return '';
  const r = roles(s.info);
  // Seven columns fit an A4 page: the labels of a row, then the measures the chart plots.
  const cols = [...(r.time ? [r.time] : []), ...r.dimensions.slice(0, 2), ...(r.series ? [r.series] : []), ...r.main, ...r.secondary].slice(
    0,
    7
  );
  const { rows, note } = excerpt(s);
  const grain = s.view?.grain;
  return `<table class="data"><caption>${esc(note)}; every row in the download</caption>
<thead><tr>${cols.map((c) => `<th>${esc(header(c))}</th>`).join('')}</tr></thead>
<tbody>${rows.map((row) => `<tr>${cols.map((c) => `<td class="${c.role === 'measure' || c.role === 'time' ? 'num' : ''}">${esc(cell(c, row[c.name], grain))}</td>`).join('')}</tr>`).join('\n')}</tbody></table>`;
}

/** Whether a panel's figures include simulated rows: the same rule the pages tag them by. */
function simulatedIn(s: PanelSection, streams: ReportData['streams']): boolean {
  return showsSimulated(s.info, s.rows, streams);
}

function citationLine(s: PanelSection): string {
  const c = s.info.citations ?? [];
  if (c.length === 0) return '';
  const kind = { data: 'Source', method: 'Method', calibration: 'Simulated rows calibrated to' } as const;
  const one = (x: (typeof c)[number]) =>
    `${kind[x.kind ?? 'data']}: ${esc(x.source)}${x.licence ? ` (${esc(x.licence)})` : ''}${x.url ? `, <a href="${esc(x.url)}">${esc(x.url)}</a>` : ''}`;
  return `<p class="cite">${c.map(one).join('; ')}</p>`;
}

function panelFigure(
  s: PanelSection,
  methods: Map<string, string>,
  streams: ReportData['streams'],
  marks: { annotations: ReportData['annotations']; numbers: ReadonlyMap<string, number> }
): string {
  const simulated = simulatedIn(s, streams);
  const window = s.view
    ? `${utc(new Date(s.view.fromMs).toISOString())} → ${utc(new Date(s.view.toMs).toISOString())}, ${s.view.grain}`
    : '–';
  let chart = '';
  if (s.error) chart = `<p class="error">This panel failed: ${esc(s.error)}</p>`;
  else if (s.rows.length === 0) chart = '<p class="empty">No data in this window.</p>';
  else {
    try {
      chart = `<div class="svg">${panelSvg(s.info, s.rows, s.view?.grain, marks)}</div>`;
    } catch (e) {
      chart = `<p class="error">Chart could not be drawn: ${esc((e as Error).message)}</p>`;
    }
  }
  const method = methods.get(s.info.id);
  return `<figure class="panel" id="${esc(s.info.id)}">
<h3>${esc(s.info.title)} <span class="id">${esc(s.info.id)}</span>${simulated ? ' <span class="sim" data-simulated="true">simulated</span>' : ''}</h3>
<p class="desc">${mdInline(s.info.description)}</p>
${chart}
${citationLine(s)}
${table(s)}
<figcaption>
<dl>
<dt>Window</dt><dd>${esc(window)}</dd>
<dt>Filters</dt><dd>${esc(describeFilters(s.filters))}${s.ignored.length ? ` (ignored, not filters of this panel: ${esc(s.ignored.join(', '))})` : ''}</dd>
<dt>Rows</dt><dd>${s.rows.length}${s.source ? ` from <code>${esc(s.source)}</code>` : ' (computed in the server)'}</dd>
${method ? `<dt>Method</dt><dd>${mdInline(method)}</dd>` : ''}
<dt>SHA-256</dt><dd><code>${s.sha256}</code></dd>
</dl>
</figcaption>
</figure>`;
}

const STYLE = `
:root { color-scheme: light; }
body { font: 11pt/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif; color: #101828; margin: 0 auto; max-width: 190mm; padding: 10mm 10mm; }
h1 { font-size: 20pt; margin: 0 0 2mm; }
h2 { font-size: 14pt; margin: 9mm 0 3mm; border-bottom: 1px solid #d7dce6; padding-bottom: 1mm; break-after: avoid; }
h3 { font-size: 11.5pt; margin: 0 0 1mm; }
.id, .muted { color: #526079; font-weight: normal; font-size: 9pt; }
.meta { color: #526079; margin: 0 0 4mm; }
code { font: 8.5pt ui-monospace, 'DejaVu Sans Mono', monospace; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; margin: 2mm 0; }
th, td { border-bottom: 1px solid #e3e7ef; padding: 1mm 2mm; text-align: left; vertical-align: top; }
th { background: #f6f7fb; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
caption { caption-side: bottom; text-align: left; color: #526079; font-size: 8.5pt; padding-top: 1mm; }
.summary { display: grid; grid-template-columns: repeat(3, 1fr); gap: 3mm; }
.tile { border: 1px solid #d7dce6; border-radius: 2mm; padding: 2.5mm 3mm; break-inside: avoid; }
.tile .label { color: #526079; font-size: 9pt; }
.tile .value { font-size: 18pt; font-weight: 700; }
.tile .detail { font-size: 9pt; }
figure.panel { margin: 0 0 3mm; break-inside: avoid; }
table.data { font-size: 7.5pt; margin: 1mm 0; }
table.data th, table.data td { padding: 0.4mm 2mm; }
.desc { margin: 0 0 1mm; color: #344054; font-size: 8.5pt; line-height: 1.35; }
.svg svg { width: 100%; height: auto; display: block; }
figcaption dl { display: grid; grid-template-columns: 18mm 1fr; gap: 0 3mm; font-size: 7pt; line-height: 1.25; margin: 1mm 0 0; }
figcaption dt { color: #526079; }
figcaption dd { margin: 0; }
.error { color: #b42318; }
.empty { color: #526079; font-style: italic; }
.fingerprint { font-size: 10pt; border: 1px solid #0072b2; border-radius: 2mm; padding: 3mm; background: #f0f7fc; break-inside: avoid; }
.fingerprint code { font-size: 9pt; }
/* Input names are never broken: the table gives them the width they need. */
code.name { overflow-wrap: normal; white-space: nowrap; }
section.domain { break-before: auto; }
ol.sources li { margin-bottom: 1mm; font-size: 9.5pt; }
.sim { display: inline-block; padding: 0 2mm; border: 1px solid #945a00; color: #945a00; border-radius: 3mm; font-size: 8pt; font-weight: 600; text-transform: uppercase; vertical-align: middle; }
.cite { font-size: 7.5pt; color: #444; margin: 1mm 0; line-height: 1.25; }
pre { font: 7.5pt/1.3 ui-monospace, 'DejaVu Sans Mono', monospace; white-space: pre-wrap; overflow-wrap: anywhere; background: #f6f7fb; border: 1px solid #e3e7ef; padding: 2mm; margin: 1mm 0 3mm; }
.query h3 { font-size: 9.5pt; margin-top: 3mm; }
@page { size: A4; margin: 12mm 10mm; }
@media print { body { padding: 0; max-width: none; } a { color: inherit; text-decoration: none; } }
`;

/**
 * The report as one self-contained HTML document: inline CSS and SVG charts, no script, no
 * external request, so it can be archived, mailed or printed and still shows the same thing.
 */
/** Which of the report's figures are simulated: the panels and headline numbers that include simulated rows. */
function simulatedSummary(d: ReportData): string {
  const panels = d.panels.filter((p) => simulatedIn(p, d.streams));
  const heads = d.headlines.filter((h) => {
    const info = d.panels.find((p) => p.info.id === h.panel)?.info ?? CATALOGUE.get(h.panel)?.info;
    return info !== undefined && showsSimulated(info, null, d.streams);
  });
  // The forecast by its inputs (src/lib/shared/origin.ts): the paper's inputs never make it simulated.
  const forecast = d.forecast?.origin === 'simulated' ? ['The forecast (an input it applied was read over simulated rows)'] : [];
  if (panels.length === 0 && heads.length === 0 && forecast.length === 0) {
    return 'None: every figure in this report comes from published, ingested or imported data.';
  }
  return (
    `Figures that include rows written by the simulator, marked <span class="sim">simulated</span>: ` +
    [...heads.map((h) => esc(h.label)), ...panels.map((p) => `<a href="#${esc(p.info.id)}">${esc(p.info.title)}</a>`), ...forecast].join(
      ', '
    ) +
    '. All other figures are measured or imported.'
  );
}

/** Which model, branch and inputs a forecast used, in words. */
/** The report's annotations, numbered as on its charts, each with its source. */
function annotationSection(d: ReportData): string {
  if (d.annotations.length === 0) return '';
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return `<section id="annotations"><h2>Annotations</h2>
<p class="muted">Events and notes in the windows of the charts above, numbered as on the charts. Text as written by its author; sources as given.</p>
<ol class="annotations">
${d.annotations
  .map(
    (a) =>
      `<li data-annotation-id="${esc(a.id)}"><strong>${esc(a.title)}</strong> · ${esc(day(a.time))}${a.timeEnd !== null ? ` – ${esc(day(a.timeEnd))}` : ''}` +
      `${a.text ? `<br>${esc(a.text)}` : ''}` +
      `<br><span class="muted">${a.source ? `Source: ${esc(a.source.title)}, <a href="${esc(a.source.url)}">${esc(a.source.url)}</a>` : 'No source given'} · ${esc(a.origin)}${a.author ? `, ${esc(a.author)}` : ''} · version ${a.version}</span></li>`
  )
  .join('\n')}
</ol>
</section>`;
}

function describeForecast(fc: NonNullable<ReportData['forecast']>): string {
  if (fc.model === 'simple') return 'Forecast of the simple model (model=simple, live inputs)';
  const inputs = fc.inputs === 'live' ? `live inputs${fc.ai_share === 'on' ? ' with the AI-share scenario' : ''}` : 'the paper’s inputs';
  return `Forecast of Epoch AI’s model (model=epoch), ${fc.branch ?? 'pooled'} projection, ${inputs}`;
}

export function reportHtml(d: ReportData, opts: { base?: string } = {}): string {
  const methods = methodsByPanel();
  const marks = { annotations: d.annotations, numbers: new Map(d.annotations.map((a, i) => [a.id, i + 1])) };
  const f = d.request.filters;
  const scopeWindow = f.from || f.to ? `${esc(f.from ?? 'panel default')} → ${esc(f.to ?? 'now')}` : "each panel's default window";
  const domains = DOMAINS.map((dom) => ({ dom, panels: d.panels.filter((p) => p.info.id.startsWith(`${dom.id}.`)) })).filter(
    (x) => x.panels.length > 0
  );
  const base = opts.base ?? '';
  const fc = d.forecast;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Peak Data Observatory report, ${esc(utc(d.asOf))}</title>
<meta name="pdo-fingerprint" content="${d.fingerprint}">
<style>${STYLE}</style></head>
<body>
<header>
<h1>Peak Data Observatory: report</h1>
<p class="meta">As of ${esc(utc(d.asOf))} · server ${esc(d.version)} · fingerprint <code data-fingerprint>${d.fingerprint}</code></p>
</header>

<section id="scope"><h2>Scope</h2>
<table>
<tr><th>Window</th><td>${scopeWindow}${f.from || f.to ? '' : ' (stated with each panel below)'}</td></tr>
<tr><th>Grain</th><td>${esc(f.grain ?? 'each panel’s default (chosen from the window)')}</td></tr>
<tr><th>Filters</th><td>${esc(describeFilters(f))}</td></tr>
<tr><th>Panels</th><td>${d.panels.map((p) => `<a href="#${esc(p.info.id)}">${esc(p.info.id)}</a>`).join(', ')}</td></tr>
<tr><th>Data</th><td>As ingested by this server at the time above. A server started with <code>SIMULATE=on</code> (or empty at start) generates its data, calibrated to the published figures under <a href="#calibration">Calibration</a>; its domains are <code>example-*</code> and its platforms <code>*_like</code>. Published series are measured data, each cited under its chart.</td></tr>
<tr><th>Simulated figures</th><td id="simulated-figures">${simulatedSummary(d)}</td></tr>
</table></section>

<section id="summary"><h2>Summary</h2>
<div class="summary">
${d.headlines
  .map(
    (
      h
    ) => `<div class="tile"><div class="label">${esc(h.label)}</div><div class="value">${esc(h.headline?.value ?? '–')}</div><div class="detail">${esc(h.headline?.detail ?? 'no data')}</div>
<div class="muted">from <code>${esc(h.panel)}</code>${describeFilters(h.filters) !== 'none' ? `, ${esc(describeFilters(h.filters))}` : ''}${h.filters.from ? `, from ${esc(h.filters.from)}` : ''}</div></div>`
  )
  .join('\n')}
</div>
${fc ? `<p>${esc(describeForecast(fc))}: median ${esc(fc.exhaustion.median_year?.toFixed(1) ?? 'not reached')}, 80% interval ${esc(fc.exhaustion.p10_year?.toFixed(1) ?? '–')}–${esc(fc.exhaustion.p90_year?.toFixed(1) ?? 'after the last year shown or never')} (${fc.draws.toLocaleString('en')} draws, seed ${fc.seed}). The paper (Villalobos et al. 2024): median ${PUBLISHED_RESULT.medianYear}, 80% interval ${PUBLISHED_RESULT.p10Year}–${PUBLISHED_RESULT.p90Year}, read off a yearly grid and floored.</p>` : ''}
</section>

${domains
  .map(
    ({ dom, panels }) => `<section class="domain" id="domain-${dom.id}"><h2>${esc(dom.title)}</h2>
<p class="muted">${esc(dom.blurb)}</p>
${panels.map((p) => panelFigure(p, methods, d.streams, marks)).join('\n')}
</section>`
  )
  .join('\n')}

${annotationSection(d)}

<section id="forecast-inputs"><h2>Forecast inputs</h2>
${
  fc
    ? `<p>${esc(describeForecast(fc))}, as of ${esc(fc.as_of_date)}. Each uncertain input is lognormal, given by a central interval whose credibility is stated; these are the defaults of <code>GET /api/forecast</code>; see docs/FORECAST.md.</p>
<table><thead><tr><th>Input</th><th>Median</th><th>Interval</th><th>Unit</th><th>Source</th></tr></thead><tbody>
${Object.entries(fc.assumptions)
  .map(
    ([k, a]) =>
      `<tr><td><code class="name">${esc(k)}</code></td><td class="num">${esc(formatInput(a.value, a.unit))}</td><td class="num">${esc(inputInterval(a))}</td><td>${esc(a.unit)}</td><td>${esc(a.source)}</td></tr>`
  )
  .join('\n')}
<tr><td><code>draws</code>, <code>seed</code></td><td class="num">${esc(formatUnit(fc.draws, 'count'))}, ${fc.seed}</td><td>–</td><td></td><td>This project’s defaults; the same seed and inputs give the same answer.</td></tr>
</tbody></table>
<p>Outcomes of the draws: ${fc.outcomes.crossing.toLocaleString('en')} cross within the years shown, ${fc.outcomes.already.toLocaleString('en')} had crossed before the as-of date, ${fc.outcomes.beyond_horizon.toLocaleString('en')} cross after the last year shown, ${fc.outcomes.never.toLocaleString('en')} never (demand growth ≤ stock growth).</p>`
    : '<p class="error">The forecast inputs could not be computed.</p>'
}
</section>

<section id="methods"><h2>Methods and sources</h2>
<p>Every panel’s measure is defined under its chart (from docs/METHODS.md). The diversity metrics:</p>
<table><thead><tr><th>Metric</th><th>Definition</th><th>Reference</th></tr></thead><tbody>
${DIVERSITY_DEFINITIONS.map((m) => `<tr><td>${esc(m.label)} <code>${esc(m.name)}</code></td><td>${esc(m.definition)}</td><td>${esc(m.reference)}</td></tr>`).join('\n')}
</tbody></table>
<h3>Published anchors by domain</h3>
${domains.map(({ dom }) => `<p><strong>${esc(dom.title)}</strong></p><ol class="sources">${(DOMAIN_ANCHORS[dom.id] ?? []).map((s) => `<li>${esc(s)}</li>`).join('')}</ol>`).join('\n')}
<h3 id="calibration">Calibration of simulated data</h3>
<table><thead><tr><th>Target</th><th>Value</th><th>Source</th></tr></thead><tbody>
${calibrationTargets()
  .map((t) => `<tr><td><code>${esc(t.name)}</code></td><td>${esc(t.value)}</td><td>${esc(t.source)}</td></tr>`)
  .join('\n')}
</tbody></table>
</section>

<section id="fingerprint"><h2>Data fingerprint</h2>
<div class="fingerprint">
<p><strong>Report SHA-256:</strong> <code>${d.fingerprint}</code></p>
<p>As of <strong>${esc(utc(d.asOf))}</strong>. Cite as: Peak Data Observatory report, ${esc(utc(d.asOf))}, fingerprint ${d.fingerprint.slice(0, 16)}.</p>
</div>
<h3>Rows per stream</h3>
<table><thead><tr><th>Stream</th><th>Rows</th><th>Of which simulated</th><th>Latest row</th></tr></thead><tbody>
${Object.entries(d.streams)
  .map(
    ([k, s]) =>
      `<tr><td>${esc(k)}</td><td class="num">${esc(formatUnit(s.rows, 'count'))}</td><td class="num">${esc(formatUnit(s.simulated_rows, 'count'))}</td><td>${esc(s.last_ts ? utc(s.last_ts) : '–')}</td></tr>`
  )
  .join('\n')}
</tbody></table>
<h3>Per panel</h3>
<table><thead><tr><th>Panel</th><th>Rows</th><th>SHA-256 of SQL, parameters and rows</th></tr></thead><tbody>
${d.headlines.map((h) => `<tr><td>headline ${esc(h.id)} (<code>${esc(h.panel)}</code>)</td><td></td><td><code>${h.sha256}</code></td></tr>`).join('\n')}
${d.panels.map((p) => `<tr><td><code>${esc(p.info.id)}</code></td><td class="num">${p.rows.length}</td><td><code>${p.sha256}</code><br><span class="muted">rows again: <code>${esc(base + p.reproduce)}</code></span></td></tr>`).join('\n')}
<tr><td>annotations</td><td class="num">${d.annotations.length}</td><td><code>${d.annotationsSha256}</code></td></tr>
</tbody></table>
<p>How the hashes are made: each panel’s hash is the SHA-256 of the JSON object <code>{panel, params, rows, sql}</code> with keys sorted at every level and no spaces (for panels computed in the server, <code>sql</code> reads “computed in the server: &lt;panel&gt;” and <code>params</code> holds the resolved window, grain and filters). The report hash is the SHA-256 of <code>{as_of, panels: [{panel, sha256}…], streams}</code> written the same way. The “rows again” request returns the same rows for the same window while the data in it is unchanged; windows that end in the past do not change.</p>
</section>

<section id="queries"><h2>Appendix: queries</h2>
<p>What each panel’s hash covers besides its rows: the SQL text and its bound parameters (ClickHouse <code>query_params</code>). <code>GET /api/report.json</code> with the same query returns these together with the rows, for recomputing every hash.</p>
${d.panels
  .map(
    (p) => `<div class="query"><h3>${esc(p.info.id)}</h3>
<pre>${esc(p.evidence.sql)}</pre>
<pre class="params">${esc(JSON.stringify(p.evidence.params))}</pre></div>`
  )
  .join('\n')}
</section>
</body></html>`;
}

import { PROVENANCES, type Provenance } from '../../../src/lib/contract/streams';
import { fieldsOf, type RowContract } from './contract';
import * as f from './fields';
import type { RowSpec } from './spec';

const FIELDS: RowContract = {
  ts: { kind: 'time', required: true },
  url: { kind: 'url', max: 8192, required: true },
  lang: { kind: 'label', required: true },
  content_type: { kind: 'label', required: true },
  tokens: { kind: 'uint', max: 4294967295, required: true },
  provenance: { kind: 'one-of', values: PROVENANCES, required: true },
  domain: { kind: 'host', max: 253, required: false, derived: 'host of url' },
  tld: { kind: 'label', required: false, derived: 'last label of domain' },
  published_at: { kind: 'time', required: false, value: null },
  crawl_source: { kind: 'label', required: false, value: 'unknown' },
  ai_score: { kind: 'unit-interval', single: true, required: false, value: null },
  detector: { kind: 'label', required: false, value: 'none' },
  quality: { kind: 'unit-interval', single: true, required: false, value: null },
  simhash: { kind: 'uint64', required: false, value: '0' }
};
const KNOWN = fieldsOf(FIELDS);
const PROVENANCE = new Set<Provenance>(PROVENANCES);
// scheme://[userinfo@]host[:port]/... : a URL the domain can be taken from.
const URL_HOST = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/(?:[^/?#@]*@)?([^/?#:]+)/;
const HOST = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;

/**
 * The domain a document is counted under: the URL's host, lower case, without a leading www.
 * The table computes the same as the column DEFAULT when a row has no domain; this copy is
 * for callers in Node (tests, importers).
 */
export function domainOf(url: string): string | null {
  const m = URL_HOST.exec(url);
  if (!m?.[1]) return null;
  const host = m[1].toLowerCase();
  return host.startsWith('www.') ? host.slice(4) : host;
}

export const crawl: RowSpec = {
  fields: FIELDS,
  columns: [...KNOWN],
  check(r, line) {
    f.onlyKnown(r, KNOWN);
    let exact = true;
    const ts = f.time('ts', r.ts);
    if (typeof r.ts === 'number') exact &&= Number.isInteger(r.ts) && f.plainInteger(line, 'ts', r.ts);
    const publishedAt = f.optionalTime('published_at', r.published_at);
    if (typeof r.published_at === 'number')
      exact &&= Number.isInteger(r.published_at) && f.plainInteger(line, 'published_at', r.published_at);
    const url = f.text('url', r.url, 8192);
    let domain: string | undefined;
    if (r.domain === undefined || r.domain === null) {
      if (!URL_HOST.test(url)) throw new f.RowError('url', 'url must be an absolute URL (scheme://host/...) when domain is not given');
      exact &&= r.domain === undefined;
    } else {
      domain = f.text('domain', r.domain, 253).toLowerCase();
      if (!HOST.test(domain)) throw new f.RowError('domain', 'domain must be a host name such as example.org');
      exact &&= domain === r.domain;
    }
    const tld = r.tld === undefined || r.tld === null ? undefined : f.label('tld', r.tld);
    exact &&= r.tld !== null;
    const tokens = f.uint('tokens', r.tokens, 4294967295);
    exact &&= f.plainInteger(line, 'tokens', tokens);
    const simhash = f.uint64('simhash', r.simhash);
    if (typeof r.simhash === 'number') exact &&= f.plainInteger(line, 'simhash', r.simhash);
    exact &&= r.simhash !== null && r.crawl_source !== null && r.detector !== null;
    const lang = f.label('lang', r.lang);
    const contentType = f.label('content_type', r.content_type);
    const crawlSource = f.optionalLabel('crawl_source', r.crawl_source, 'unknown');
    const provenance = f.oneOf('provenance', r.provenance, PROVENANCE);
    const aiScore = f.unitInterval('ai_score', r.ai_score);
    const detector = f.optionalLabel('detector', r.detector, 'none');
    const quality = f.unitInterval('quality', r.quality);
    if (exact) return { time: ts, rewrite: null };
    // Built only for the rare row that cannot go as sent: most rows allocate nothing here.
    const values: Record<string, unknown> = {
      ts,
      published_at: publishedAt,
      url,
      lang,
      content_type: contentType,
      crawl_source: crawlSource,
      tokens,
      provenance,
      ai_score: aiScore,
      detector,
      quality,
      simhash
    };
    if (domain !== undefined) values.domain = domain;
    if (tld !== undefined) values.tld = tld;
    return { time: ts, rewrite: values };
  }
};

import { PROVENANCES, type Provenance } from '../../../src/lib/contract/streams';
import * as f from './fields';
import type { RowSpec } from './spec';

const KNOWN = new Set([
  'ts',
  'url',
  'lang',
  'content_type',
  'tokens',
  'provenance',
  'domain',
  'tld',
  'published_at',
  'crawl_source',
  'ai_score',
  'detector',
  'quality',
  'simhash'
]);
const PROVENANCE = new Set<Provenance>(PROVENANCES);
// scheme://[userinfo@]host[:port]/... : the host is what the domain filter and top-N panels group by.
const URL_HOST = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/(?:[^/?#@]*@)?([^/?#:]+)/;
const HOST = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;

/** The domain a document is counted under: the URL's host, lower case, without a leading www. */
export function domainOf(url: string): string | null {
  const m = URL_HOST.exec(url);
  if (!m?.[1]) return null;
  const host = m[1].toLowerCase();
  return host.startsWith('www.') ? host.slice(4) : host;
}

export const crawl: RowSpec = {
  columns: [
    'ts',
    'published_at',
    'url',
    'domain',
    'tld',
    'lang',
    'content_type',
    'crawl_source',
    'tokens',
    'provenance',
    'ai_score',
    'detector',
    'quality',
    'simhash'
  ],
  check(r) {
    f.onlyKnown(r, KNOWN);
    const ts = f.time('ts', r.ts);
    const url = f.text('url', r.url, 8192);
    let domain: string;
    if (r.domain === undefined || r.domain === null) {
      const d = domainOf(url);
      if (!d) throw new f.RowError('url', 'url must be an absolute URL (scheme://host/...) when domain is not given');
      domain = d;
    } else {
      domain = f.text('domain', r.domain, 253).toLowerCase();
      if (!HOST.test(domain)) throw new f.RowError('domain', 'domain must be a host name such as example.org');
    }
    const tld = r.tld === undefined || r.tld === null ? domain.slice(domain.lastIndexOf('.') + 1) : f.label('tld', r.tld);
    return [
      ts,
      f.optionalTime('published_at', r.published_at),
      url,
      domain,
      tld,
      f.label('lang', r.lang),
      f.label('content_type', r.content_type),
      f.optionalLabel('crawl_source', r.crawl_source, 'unknown'),
      f.uint('tokens', r.tokens, 4294967295),
      f.oneOf('provenance', r.provenance, PROVENANCE),
      f.unitInterval('ai_score', r.ai_score),
      f.optionalLabel('detector', r.detector, 'none'),
      f.unitInterval('quality', r.quality),
      f.uint64('simhash', r.simhash)
    ];
  },
  timeOf: (values) => values[0] as number
};

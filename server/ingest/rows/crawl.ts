import { PROVENANCES, type Provenance } from '../../../src/lib/contract/streams';
import { siteOf } from '../../lib/site';
import { fieldsOf, type RowContract } from './contract';
import * as f from './fields';
import { siteOfUrl, type KnownSite } from './site-cache';
import type { RowSpec } from './spec';

const FIELDS: RowContract = {
  ts: { kind: 'time', required: true },
  url: { kind: 'url', max: 8192, required: true },
  lang: { kind: 'label', required: true },
  content_type: { kind: 'label', required: true },
  tokens: { kind: 'uint', max: 4294967295, required: true },
  provenance: { kind: 'one-of', values: PROVENANCES, required: true },
  domain: { kind: 'host', max: 253, required: false, derived: 'registrable domain of url' },
  tld: { kind: 'label', required: false, derived: 'public suffix of url' },
  published_at: { kind: 'time', required: false, value: null },
  crawl_source: { kind: 'label', required: false, value: 'unknown' },
  ai_score: { kind: 'unit-interval', single: true, required: false, value: null },
  detector: { kind: 'label', required: false, value: 'none' },
  quality: { kind: 'unit-interval', single: true, required: false, value: null },
  simhash: { kind: 'uint64', required: false, value: '0' }
};
const KNOWN = fieldsOf(FIELDS);
const PROVENANCE = new Set<Provenance>(PROVENANCES);
// scheme://[userinfo@]host[:port]/... : a URL the site can be taken from.
const URL_HOST = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/(?:[^/?#@]*@)?([^/?#:]+)/;
const HOST = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;
// A URL whose host ClickHouse's domain() reads exactly as tldts does: lower-case ASCII, no
// userinfo. Only for such a URL can a row leave domain out and still go as sent.
const PLAIN_URL = /^https?:\/\/([a-z0-9.-]+)(?::\d{1,5})?(?:[/?#]|$)/;

/** `name` is `of` or one of its parent domains (`a.b.c` → `a.b.c`, `b.c`, `c`). */
function isSelfOrParent(name: string, of: string): boolean {
  return of === name || of.endsWith(`.${name}`);
}

/**
 * The row's site (server/lib/site.ts): from the URL when it has a host, else from the domain
 * sent. A domain or tld sent beside a URL must agree with it: the domain may be the URL's host
 * or any parent of it down to the registrable domain (`news.bbc.co.uk` or `bbc.co.uk`), the
 * tld the public suffix or a parent of it (`co.uk` or `uk`, the last label these columns held
 * before); either is stored as the site's. Anything else names another site, and one row with
 * two sites is refused rather than counted under either.
 */
function siteOfRow(url: string, sentDomain: string | undefined, sentTld: string | undefined): KnownSite {
  const known = URL_HOST.test(url) ? siteOfUrl(url) : null;
  const fromUrl = known?.site ?? null;
  if (!fromUrl && sentDomain === undefined) {
    throw new f.RowError('url', 'url must be an absolute URL (scheme://host/...) when domain is not given');
  }
  // The site's own domain is always accepted (an IP address too); anything else sent must be a
  // host name.
  if (sentDomain !== undefined && sentDomain !== fromUrl?.domain && !HOST.test(sentDomain)) {
    throw new f.RowError('domain', 'domain must be a host name such as example.org');
  }
  const site = fromUrl ?? siteOf(sentDomain as string);
  if (!site) throw new f.RowError('domain', 'domain must be a host name such as example.org');
  if (fromUrl && sentDomain !== undefined && !(isSelfOrParent(sentDomain, site.host) && isSelfOrParent(site.domain, sentDomain))) {
    throw new f.RowError(
      'domain',
      `domain ${JSON.stringify(sentDomain)} is not the url's host ${site.host} or a parent of it down to its registrable domain ${site.domain}`
    );
  }
  if (sentTld !== undefined && !isSelfOrParent(sentTld, site.tld)) {
    throw new f.RowError(
      'tld',
      `tld ${JSON.stringify(sentTld)} is not the public suffix of ${site.domain} (${site.tld}) or a parent of it`
    );
  }
  return known ?? { site, append: null };
}

/**
 * What the table's column DEFAULTs (0001) store for a row that leaves domain or tld out: the
 * URL's host without a leading www., and that domain's last label. null: not predictable here.
 */
function tableDefaults(url: string, sentDomain: string | undefined): { domain: string } | null {
  if (sentDomain !== undefined) return { domain: sentDomain };
  const host = PLAIN_URL.exec(url)?.[1];
  return host ? { domain: host.startsWith('www.') ? host.slice(4) : host } : null;
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
    const sentDomain = r.domain === undefined || r.domain === null ? undefined : f.text('domain', r.domain, 253).toLowerCase();
    const sentTld = r.tld === undefined || r.tld === null ? undefined : f.label('tld', r.tld);
    const known = siteOfRow(url, sentDomain, sentTld);
    const site = known.site;
    // The line goes as sent only when what the table stores from it (the fields as sent, else
    // the column DEFAULTs) is the site: true of most URLs (example.org, www.example.org).
    const stored = tableDefaults(url, sentDomain);
    const siteAsSent =
      r.domain !== null &&
      r.tld !== null &&
      (sentDomain === undefined || sentDomain === r.domain) &&
      stored?.domain === site.domain &&
      (sentTld ?? site.domain.slice(site.domain.lastIndexOf('.') + 1)) === site.tld;
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
    if (exact && siteAsSent) return { time: ts, rewrite: null };
    // A row that sent neither domain nor tld, from a host the DEFAULTs get wrong
    // (news.example.co.uk): the line as sent with the site's two members added, instead of the
    // whole row rebuilt. The stored values are the same as a full rewrite's.
    if (exact && r.domain === undefined && r.tld === undefined && known.append) return { time: ts, rewrite: null, append: known.append };
    // Built only for the rare row that cannot go as sent: most rows allocate nothing here.
    const values: Record<string, unknown> = {
      ts,
      published_at: publishedAt,
      url,
      domain: site.domain,
      tld: site.tld,
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
    return { time: ts, rewrite: values };
  }
};

import { siteOf, type Site } from '../../lib/site';

/**
 * siteOf for ingest's crawl rows, remembered per host. A crawl batch holds many pages of each
 * site, and the Public Suffix List look-up with its IDNA conversion was the largest cost of
 * checking a crawl row. Only URLs whose host the pattern below isolates exactly are remembered:
 * `http(s)://` then a lower-case ASCII host, an optional port, and nothing but a path, query or
 * fragment after it. For those the site depends on the host alone; any other URL is looked up
 * whole, every time.
 */
const PLAIN_HOST = /^https?:\/\/([a-z0-9.-]+)(?::\d{1,5})?(?:[/?#]|$)/;

/** Bounds the memory a batch of many distinct hosts can hold: the map is emptied when full. */
const MAX_HOSTS = 20_000;

/** A URL's site and, ready to append to a row's JSON object, its members `,"domain":...,"tld":...`. */
export interface KnownSite {
  site: Site;
  append: { members: string; columns: readonly string[] } | null;
}

const SITE_COLUMNS = ['domain', 'tld'] as const;

const known = new Map<string, KnownSite | null>();

function entry(site: Site | null): KnownSite | null {
  if (!site) return null;
  return { site, append: { members: `,"domain":${JSON.stringify(site.domain)},"tld":${JSON.stringify(site.tld)}`, columns: SITE_COLUMNS } };
}

/** The site of `url` (as siteOf gives it) with its members text, or null when it has no host. */
export function siteOfUrl(url: string): KnownSite | null {
  const host = PLAIN_HOST.exec(url)?.[1];
  if (host === undefined) return entry(siteOf(url));
  let e = known.get(host);
  if (e === undefined) {
    e = entry(siteOf(url));
    if (known.size >= MAX_HOSTS) known.clear();
    known.set(host, e);
  }
  return e;
}

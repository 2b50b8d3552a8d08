// The crawl site rule of docs/INGEST.md, worked out for the hostile oracle from the Public Suffix
// List through tldts directly, not through the product's server/lib/site.ts: the oracle states
// what the documentation says, so a change in the product's function is caught, not followed.
import { domainToASCII } from 'node:url';
import { parse } from 'tldts';

interface ExpectedSite {
  /** The URL's host, lower case, ASCII. */
  host: string;
  /** The registrable domain by the list (private suffixes count), or the host itself. */
  domain: string;
  /** The public suffix, its last label when none is listed, or `ip` for an IP address. */
  tld: string;
}

const PSL = { allowPrivateDomains: true } as const;

/** The site docs/INGEST.md gives a URL; null when it has no host a site can be taken from. */
export function expectedSite(url: string): ExpectedSite | null {
  const p = parse(url, PSL);
  if (!p.hostname) return null;
  if (p.isIp) return { host: p.hostname, domain: p.hostname, tld: 'ip' };
  // Names are compared in their ASCII form; '' is a name IDNA refuses.
  const host = domainToASCII(p.hostname);
  if (!host) return null;
  const q = parse(host, PSL);
  return { host, domain: q.domain ?? host, tld: q.publicSuffix ?? host.split('.').at(-1) ?? host };
}

const selfOrParent = (name: string, of: string) => of === name || of.endsWith(`.${name}`);

/**
 * Whether a row with this URL may send this `domain` (lower case): the URL's host or a parent of
 * it, down to the registrable domain.
 */
export const domainAgrees = (sent: string, site: ExpectedSite) => selfOrParent(sent, site.host) && selfOrParent(site.domain, sent);

/** Whether a row with this URL may send this `tld`: the public suffix or a parent of it. */
export const tldAgrees = (sent: string, site: ExpectedSite) => selfOrParent(sent, site.tld);

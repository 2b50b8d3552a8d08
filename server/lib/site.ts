/**
 * The site a crawled document belongs to: the one definition of the crawl table's `domain` and
 * `tld` columns, shared by NDJSON ingest, crawl files and the migration that recomputed stored
 * rows, so one filter never mixes two meanings.
 *
 * - `domain` is the registrable domain by the Public Suffix List (`news.bbc.co.uk` → `bbc.co.uk`),
 *   so a site's subdomains count as one site; `tld` is its public suffix (`co.uk`).
 * - Private suffixes count (`allowPrivateDomains`): `alice.github.io` is its own site under
 *   `github.io`, as the list's private section intends (each user's pages are a separate party).
 * - A host that is itself a public suffix (`github.io`, `co.uk`) or has no listed suffix
 *   (`localhost`) stands for itself; its `tld` is then the list's suffix or its last label.
 * - An IP address stands for itself, with `tld` `ip`.
 * - Internationalised names are compared in their ASCII (punycode) form, the form URLs and DNS
 *   use, so `bücher.de` and `xn--bcher-kva.de` are one site. tldts matches both spellings of
 *   the list's rules, but it does not convert between them.
 */
import { domainToASCII } from 'node:url';
import { parse } from 'tldts';

export interface Site {
  /** The host, lower case, ASCII. */
  host: string;
  /** The registrable domain (or the host itself; see the file comment). */
  domain: string;
  /** The public suffix, or `ip` for an IP address. */
  tld: string;
}

const OPTIONS = { allowPrivateDomains: true } as const;

/** The site of a URL or a bare host name; null when it has no host. */
export function siteOf(urlOrHost: string): Site | null {
  const first = parse(urlOrHost, OPTIONS);
  const raw = first.hostname;
  if (!raw) return null;
  if (first.isIp) return { host: raw, domain: raw, tld: 'ip' };
  // domainToASCII answers '' for a name IDNA refuses (a label over 63 characters, bad code points).
  const host = domainToASCII(raw);
  if (!host) return null;
  const p = host === raw ? first : parse(host, OPTIONS);
  const tld = p.publicSuffix ?? host.slice(host.lastIndexOf('.') + 1);
  return { host, domain: p.domain ?? host, tld };
}

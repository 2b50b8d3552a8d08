/**
 * Work a migration needs done in Node, run by the migration runner straight after that
 * migration's statements and before its record: what SQL alone cannot compute.
 *
 * 0110: the site (registrable domain, public suffix) of every host the crawl table holds. The
 * Public Suffix List is applied by server/lib/site.ts (npm tldts), the one definition ingest and
 * crawl files use; ClickHouse has no such list unless an operator configures one. 0112 joins
 * these rows to rewrite crawl_documents' domain and tld.
 *
 * 0114: the rewritten rows of 0112 take the place of crawl_documents' (crawl-replace.ts).
 */
import { siteOf } from '../lib/site';
import { replaceCrawlDocuments } from './crawl-replace';
import type { MigrationStep } from './migration-step';

/**
 * The URL's host as ClickHouse reads it, or '' when the URL has no scheme://: the same test as
 * ingest's, so a URL without a host keeps the domain it was sent with. 0112 joins on this text.
 */
const CRAWL_URL_HOST_SQL = "if(match(url, '^[a-zA-Z][a-zA-Z0-9+.-]*://'), domain(url), '')";

/** Rows inserted at once: bounded memory however many hosts a database holds. */
const BATCH = 50_000;

const fillCrawlSites: MigrationStep = {
  describe: () =>
    `fills crawl_sites: for each distinct (${CRAWL_URL_HOST_SQL}, domain) of crawl_documents, the site by the Public Suffix List (server/lib/site.ts)`,
  async run(engine) {
    const pairs = await engine.rows<{ host: string; stored: string }>(
      `SELECT DISTINCT ${CRAWL_URL_HOST_SQL} AS host, domain AS stored FROM crawl_documents`,
      { tag: 'migrate.110.hosts', timeoutS: 300 }
    );
    const out: string[] = [];
    const flush = async () => {
      if (out.length === 0) return;
      await engine.insertJsonEachRow('crawl_sites', ['host', 'stored', 'domain', 'tld'], Buffer.from(out.join('\n')), {
        tag: 'migrate.110.sites'
      });
      out.length = 0;
    };
    for (const { host, stored } of pairs) {
      // A host is read as a URL's would be (brackets of an IPv6 address, a port) by giving it one.
      const site = host ? siteOf(`http://${host}/`) : siteOf(stored);
      // No site (a name IDNA refuses): no row, and 0112 keeps what the row has.
      if (!site) continue;
      out.push(JSON.stringify({ host, stored, domain: site.domain, tld: site.tld }));
      if (out.length >= BATCH) await flush();
    }
    await flush();
  }
};

/** Steps by migration version. */
export const MIGRATION_STEPS: ReadonlyMap<number, MigrationStep> = new Map([
  [110, fillCrawlSites],
  [114, replaceCrawlDocuments]
]);

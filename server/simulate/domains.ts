// The pool of synthetic domains documents are crawled from. Built once in TypeScript and handed
// to the SQL backfill as bound arrays, so history and live rows share the same domains. Names
// are "example-<word>.<tld>": obviously synthetic second-level labels on real TLDs.
import { createRng } from '../lib/random';
import { DOMAIN_POOL_SIZE, GENERIC_LANG_WEIGHTS, TLDS, cumulative, pickIndex } from './dimensions';
import { pronounceableWords } from './words';

export interface DomainPool {
  /** Full domain names, most popular first. */
  readonly names: readonly string[];
  /** Last label of each name. */
  readonly tlds: readonly string[];
  /** The language each domain publishes in. */
  readonly langs: readonly string[];
}

/**
 * The pool is part of the simulated world, not of one run: the backfill (whatever its seed) and
 * the live stream draw from the same domains.
 */
const DOMAIN_POOL_SEED = 1;

const cache = new Map<number, DomainPool>();

export function domainPool(seed: number = DOMAIN_POOL_SEED, size = DOMAIN_POOL_SIZE): DomainPool {
  const key = seed * 100_003 + size;
  const hit = cache.get(key);
  if (hit) return hit;
  const rng = createRng((seed ^ 0x5eed_d011) >>> 0);
  const words = pronounceableWords(size, (seed ^ 0x0d0a_1175) >>> 0);
  const tldCum = cumulative(TLDS.map((t) => t.weight));
  const langCum = cumulative(GENERIC_LANG_WEIGHTS.map(([, w]) => w));
  const names: string[] = [];
  const tlds: string[] = [];
  const langs: string[] = [];
  for (const word of words) {
    const t = TLDS[pickIndex(tldCum, rng.next())];
    if (!t) throw new Error('empty TLD table');
    const lang = t.lang ?? GENERIC_LANG_WEIGHTS[pickIndex(langCum, rng.next())]?.[0] ?? 'en';
    names.push(`example-${word}.${t.tld}`);
    tlds.push(t.tld);
    langs.push(lang);
  }
  const pool = { names, tlds, langs };
  cache.set(key, pool);
  return pool;
}

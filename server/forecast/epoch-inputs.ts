// The published inputs of Epoch AI's data-exhaustion model (Villalobos et al., ICML 2024; code in
// epoch-research/data-stock, src/indexed_web.py and src/stock_adjust.py): each factor is a
// lognormal given by an interval and its credibility, as the paper's sampling library takes them.
// The numbers are the paper's; the comments say where each one comes from.

export const VILLALOBOS_2024 =
  'Villalobos, Ho, Sevilla, Besiroglu, Heim, Hobbhahn, "Position: Will we run out of data? ' +
  'Limits of LLM scaling based on human-generated data", ICML 2024';
export const EPOCH_CODE = 'Epoch AI, epoch-research/data-stock (2024-07-09)';
export const BESIROGLU_2022 = 'Besiroglu, Heim & Sevilla (2022), "Projecting compute trends in machine learning", Table 1';
export const HOFFMANN_2022 = 'Hoffmann et al. (2022), "Training compute-optimal large language models"';
/**
 * Epoch's dataset_sizes.csv gives sizes in words; its code (src/dataset_size_projections.py)
 * turns them into tokens by multiplying by 4/5. Every reader of that file here uses this one
 * factor, so the published branch and the live runs put the same model at the same size.
 */
export const EPOCH_TOKENS_PER_WORD = {
  value: 4 / 5,
  source: `${EPOCH_CODE}, src/dataset_size_projections.py: tokens = words x 4/5`
} as const;
const MUENNIGHOFF_2023 = 'Muennighoff et al. (2023), "Scaling data-constrained language models"';

/** A lognormal factor: `lo`-`hi` is its central interval of the given credibility (percent). */
export interface Interval {
  lo: number;
  hi: number;
  credibility: 90 | 95;
  source: string;
}

/** Phi^-1 of the upper end of a central interval. */
function zOf(credibility: 90 | 95): number {
  return credibility === 95 ? 1.959963984540054 : 1.6448536269514722;
}

/** ln X ~ N(mu, sigma) with X's central interval `lo`-`hi`. */
export function logNormal(i: Pick<Interval, 'lo' | 'hi' | 'credibility'>): { mu: number; sigma: number } {
  const a = Math.log(i.lo);
  const b = Math.log(i.hi);
  return { mu: (a + b) / 2, sigma: (b - a) / (2 * zOf(i.credibility)) };
}

const web = (what: string) => `${VILLALOBOS_2024}; ${EPOCH_CODE}, src/indexed_web.py: ${what}`;
const adjust = (what: string) => `${VILLALOBOS_2024}; ${EPOCH_CODE}, src/stock_adjust.py: ${what}`;

/**
 * The stock of human text on the indexed web in 2024 and its growth. raw = pages x bytes per
 * page / bytes per token; effective = raw x quality x repetition; both grow by
 * (size growth x count growth) a year.
 */
export const STOCK_FACTORS = {
  pages: { lo: 75e9, hi: 1e12, credibility: 95, source: web('unique indexed web pages in 2024, 75e9-1e12 (95%)') },
  bytesPerPage: { lo: 6100, hi: 8200, credibility: 95, source: web('bytes of text per page (Common Crawl), 6,100-8,200 (95%)') },
  // Bytes per token is 6 - x with x lognormal 1-4 (95%): 2-5 bytes per token, median about 4.
  bytesPerTokenOffset: {
    lo: 1,
    hi: 4,
    credibility: 95,
    source: web('bytes per token 6 - x, x = 1-4 (95%), i.e. 2-5 bytes per token')
  },
  sizeGrowth: { lo: 1.02, hi: 1.04, credibility: 95, source: web('yearly growth of page size, 1.02-1.04 (95%), Common Crawl 2013-2021') },
  countGrowth: { lo: 1.0, hi: 1.1, credibility: 95, source: web('yearly growth of the number of pages, 1.00-1.10 (95%)') },
  quality: { lo: 0.1, hi: 0.4, credibility: 95, source: adjust('share of text good enough to train on, 0.1-0.4 (95%), after RefinedWeb') },
  repetition: {
    lo: 2,
    hi: 5,
    credibility: 95,
    source: adjust(`epochs that still pay off, 2-5 (95%), from ${MUENNIGHOFF_2023}, Table 1`)
  }
} as const satisfies Record<string, Interval>;

export type StockFactor = keyof typeof STOCK_FACTORS;

/**
 * Level of the largest training dataset on 2024-01-01 for the historical projection: 3e12-13e12
 * tokens (90%, the library's default credibility). Epoch sets it by hand rather than from the
 * regression's intercept.
 */
export const DEMAND_LEVEL_2024: Interval = {
  lo: 3e12,
  hi: 13e12,
  credibility: 90,
  source: `${VILLALOBOS_2024}; ${EPOCH_CODE}, src/dataset_size_projections.py: largest dataset in 2024, 3e12-13e12 tokens (90%)`
};

/** Chinchilla's compute-optimal rule: D = 20 N and C = 6 N D, so D = 20 sqrt(C / 120). */
export const TOKENS_PER_PARAMETER = 20;
export const FLOP_PER_PARAMETER_TOKEN = 6;
export const CHINCHILLA_SOURCE = `${HOFFMANN_2022}: about 20 tokens per parameter, C = 6 N D; dataset D = 20 sqrt(C / 120)`;

/**
 * What the paper states, for checks and for drawing on the forecast chart. Quoted, not computed.
 */
export const PAPER_STATES = {
  demandGrowthOom: { median: 0.38, lo: 0.27, hi: 0.48, credibility: 95 },
  rawStock2024: { median: 510e12, lo: 130e12, hi: 2100e12, credibility: 95 },
  effectiveStock2024: { median: 3e14, lo: 1e14, hi: 1e15, credibility: 90 },
  exhaustion: { median: 2028, p10: 2026, p90: 2032 },
  overtraining5xShiftYears: -1,
  source: `${VILLALOBOS_2024}: median 2028, 80% interval 2026-2032 (pooled projection); about a year earlier with 5x overtraining`
} as const;

/** Epoch's time origin: t counts years of 365 days from 2024-01-01. */
export const ORIGIN_YEAR = 2024;

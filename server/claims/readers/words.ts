// Evidence from the excess-vocabulary panels: the lower bound the marker words give on crawled
// documents, and the published PubMed word shares the method was built on.
import { num, round, type Reader } from './reader';

/** The word whose rise Kobak et al. lead with. */
const LEAD_WORD = 'delves';
const BEFORE_YEAR = 2022;

export const markerWords: Reader = {
  filters: { from: 'now-1y', to: 'now', grain: 'month' },
  read(rows) {
    let docs = 0;
    let excess = 0;
    for (const r of rows) {
      const d = num(r.docs);
      const e = num(r.excess_share);
      if (d === null || e === null || d === 0) continue;
      docs += d;
      excess += e * d;
    }
    if (docs === 0) return null;
    const value = round((excess / docs) * 100, 1);
    return {
      label: 'Excess marker-word share of crawled documents, last 12 months (a lower bound on LLM-edited documents)',
      value,
      unit: '%',
      reading:
        `At least ${value}% of the ${docs} crawled documents scanned in the last 12 months carry the excess of LLM-marker words, by Kobak et al.'s excess-vocabulary method. ` +
        "The corpus differs: English web documents of every kind from imported crawl files, against the claim's PubMed abstracts, " +
        "with all of the paper's style words pooled where its bound for a year uses the words with excess in that year."
    };
  }
};

export const llmWords: Reader = {
  filters: {},
  read(rows, claim) {
    const byYear = rows
      .filter((r) => r.word === LEAD_WORD)
      .map((r) => ({ year: typeof r.t === 'number' ? new Date(r.t).getUTCFullYear() : null, share: num(r.share) }))
      .filter((r): r is { year: number; share: number } => r.year !== null && r.share !== null && r.share > 0)
      .sort((a, b) => a.year - b.year);
    const before = byYear.find((r) => r.year === BEFORE_YEAR);
    const last = byYear[byYear.length - 1];
    if (!before || !last || last.year <= BEFORE_YEAR) return null;
    const value = round(last.share / before.share, 1);
    return {
      label: `Share of PubMed abstracts with "${LEAD_WORD}" in ${last.year}, as a multiple of ${BEFORE_YEAR}'s`,
      value,
      unit: `× ${BEFORE_YEAR}`,
      reading:
        `"${LEAD_WORD}" appears in ${round(last.share * 100, 3)}% of ${last.year}'s abstracts, ${value} times its ${BEFORE_YEAR} share, in the paper's own published table. ` +
        "This shows the excess vocabulary the claim's bound is built from, not the bound itself: " +
        `${claim.value !== null && claim.unit === '%' ? `the ${claim.value}%` : 'a share of abstracts'} comes from many words' excess together, ` +
        'which the observatory does not recompute for PubMed.'
    };
  }
};

// The diversity metrics, each defined once: what it measures, where it comes from, the SQL that
// computes it in ClickHouse, and a small TypeScript reference implementation the tests hold the
// SQL to. Every metric is computed over a GROUP of texts (one generation of a model, or one time
// bucket of a model), from the same words:
//
//   words(text) = lower-case the text, turn the common typographic marks (curly quotes, dashes,
//                 ellipsis, no-break and ideographic spaces; TYPOGRAPHIC below) into spaces, and
//                 split at ASCII whitespace and ASCII punctuation (ClickHouse's splitByNonAlpha,
//                 whose separators are TAB LF VT FF CR, space and !"#$%&'()*+,-./:;<=>?@[\]^_`{|}
//                 -- not ~, measured on 26.7). Letters of any script stay inside words:
//                 "Don’t STOP—über" -> [don, t, stop, über]. Scripts written without spaces (Chinese,
//                 Japanese) come out as one word per run and need a segmenter first.
//   n-grams     = n consecutive words of ONE text; n-grams never span two texts.
//
// Why not a Unicode regex (extractAll with \p{L}): it gives the same words on ordinary text but
// costs about five times as much in ClickHouse (measured: 200 ms against 40 ms for 4,000 texts).
//
// Every metric is computed from what a text contributes on its own, kept when the text arrives:
// the materialized views of clickhouse/migrations/0071-0085 sum each text's counts and merge
// uniqCombined64 states of its n-grams per group, so a panel merges a few rows per group and
// never tokenises a text again. That makes the group every text of a generation (or of a period),
// however many, and shapes two definitions: distinct n-grams are counted by a sketch (exact for
// small groups, HyperLogLog beyond; DISTINCT_RELATIVE_ERROR), and the compression ratio divides
// summed bytes by summed per-text gzip sizes, which Node computes at ingest (gzipBytes): ClickHouse
// has no gzip function in SQL. Bigram entropy and self-repetition are not kept: neither can be
// merged from per-text parts (one needs every bigram's count in the group, the other every pair
// of texts' shared 4-grams), so neither can be answered without the texts.
import { gzipSync } from 'node:zlib';
import type { Unit } from '../../src/lib/contract/panels';

interface MetricInfo {
  name: string;
  label: string;
  unit: Unit;
  definition: string;
  reference: string;
  /** Only diversity.by_generation has it: it needs the per-generation word counts. */
  generationOnly?: true;
}

/**
 * uniqCombined64 with HLL_precision 12 keeps a group's distinct n-grams exactly while it holds
 * about a hundred (measured on 26.7: 100 exact, 200 counted as 198), then as a HyperLogLog of
 * 2^12 cells: relative standard error 1.04 / sqrt(2^12) = 1.6% (Flajolet, Fusy, Gandouet,
 * Meunier, "HyperLogLog", AofA 2007). Why 12, not ClickHouse's default 17 (0.29%): a panel
 * merges one state per group and period, and at 17 each is 32 times larger; over 100,000 samples
 * the monthly trend took 740 ms against 24 ms at 12 (measured on a busy machine). HyperLogLog
 * estimates are close to normally distributed, so the panels and the oracle test take four
 * standard errors as the bound, 6.5%, which all but about 1 estimate in 16,000 stay within
 * (measured: worst 4.1% over 146 cardinalities from 50 to 60,000; 5.7% in the oracle test's groups).
 */
export const DISTINCT_HLL_PRECISION = 12;
export const DISTINCT_RELATIVE_ERROR = 4 * (1.04 / Math.sqrt(2 ** DISTINCT_HLL_PRECISION));
const DISTINCT_NOTE = `exact for about a hundred distinct n-grams, beyond that a HyperLogLog sketch within ${(DISTINCT_RELATIVE_ERROR * 100).toFixed(1)}% (four standard errors)`;

/** The order is the order of the panels' columns and of docs/METHODS.md. */
export const DIVERSITY_METRICS: readonly MetricInfo[] = [
  {
    name: 'distinct_1',
    label: 'Distinct-1',
    unit: 'ratio',
    definition: `distinct words / words in the group; distinct ones counted by ClickHouse's uniqCombined64 (${DISTINCT_NOTE})`,
    reference: 'Li, Galley, Brockett, Gao, Dolan, "A Diversity-Promoting Objective Function for Neural Conversation Models", NAACL 2016'
  },
  {
    name: 'distinct_2',
    label: 'Distinct-2',
    unit: 'ratio',
    definition: `distinct word bigrams / bigrams in the group (distinct ones counted as for distinct-1)`,
    reference: 'Li et al., NAACL 2016'
  },
  {
    name: 'distinct_3',
    label: 'Distinct-3',
    unit: 'ratio',
    definition: `distinct word trigrams / trigrams in the group (distinct ones counted as for distinct-1)`,
    reference: 'Li et al., NAACL 2016'
  },
  {
    name: 'entropy_1',
    label: 'Unigram entropy (bits)',
    unit: 'bits',
    definition:
      '-sum p(w) log2 p(w) over the word frequencies of the group (per generation only: it needs the word counts of diversity_words)',
    generationOnly: true,
    reference:
      'Shannon, "A Mathematical Theory of Communication", Bell System Technical Journal 1948; as a diversity score (Ent-n): ' +
      'Zhang, Galley, Gao, Gan, Li, Brockett, Dolan, "Generating Informative and Diverse Conversational Responses via Adversarial Information Maximization", NeurIPS 2018'
  },
  {
    name: 'ttr',
    label: 'Type-token ratio',
    unit: 'ratio',
    definition: 'distinct words / words of each text, averaged over the texts of the group (texts without words left out)',
    reference:
      'Templin, "Certain Language Skills in Children", University of Minnesota Press 1957; its dependence on text length: ' +
      'Covington & McFall, "Cutting the Gordian Knot: The Moving-Average Type-Token Ratio (MATTR)", Journal of Quantitative Linguistics 2010'
  },
  {
    name: 'compression_ratio',
    label: 'Compression ratio (gzip)',
    unit: 'ratio',
    definition:
      "sum of the UTF-8 bytes of the group's texts / sum of the bytes of each text's own gzip compression (level 9, header and trailer included); higher means more repetitive within texts",
    reference:
      'After Shaib, Barrow, Sun, Siu, Wallace, Nenkova, "Standardizing the Measurement of Text Diversity: A Tool and a Comparative Analysis of Scores", arXiv:2403.00553, 2024, ' +
      'who compress the texts joined into one; here each text is compressed alone, so repetition across texts is left to distinct-n'
  },
  {
    name: 'tail_mass',
    label: 'Tail mass',
    unit: 'share',
    definition:
      "share of the group's words that are not among the 100 most frequent words of all generation-0 texts of the same model family (ties broken alphabetically); per generation only",
    generationOnly: true,
    reference:
      'This project, after Shumailov et al., "AI models collapse when trained on recursively generated data", Nature 2024 (the tails of the distribution vanish first)'
  }
];

/** Top-K of generation 0 that tail_mass measures against. */
export const TAIL_TOP_K = 100;
/** gzip level of the compression ratio: Python's gzip.compress default, which Shaib et al. use. */
const GZIP_LEVEL = 9;

// ---------------------------------------------------------------------------------------------
// SQL fragments. Arguments are column names and aliases of our own queries, never request data.
// ---------------------------------------------------------------------------------------------

/** Typographic marks read as spaces (each one character; translateUTF8 maps them one to one). */
const TYPOGRAPHIC =
  '\u201c\u201d\u201e\u2018\u2019\u201a\u00ab\u00bb\u2039\u203a\u2014\u2013\u2026\u2022\u00b7\u00a1\u00bf\u00a0\u2009\u3000';

/** Array(String) of the words of a text column. */
export function wordsSql(textCol: string): string {
  // The marks are our own constant; written as a literal they need no escaping (no quote or backslash among them).
  return `splitByNonAlpha(lowerUTF8(translateUTF8(${textCol}, '${TYPOGRAPHIC}', '${' '.repeat([...TYPOGRAPHIC].length)}')))`;
}

/** Array(String) of the word n-grams of a words array (n words joined by a space). */
export function ngramsSql(words: string, n: number): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a positive integer, got ${n}`);
  if (n === 1) return words;
  // arrayShingles refuses arrays shorter than n, so short texts give no n-grams instead.
  return `if(length(${words}) >= ${n}, arrayMap(x -> arrayStringConcat(x, ' '), arrayShingles(${words}, ${n})), [])`;
}

// ---------------------------------------------------------------------------------------------
// Reference implementation: the definitions above in plain TypeScript, for tests and for anyone
// checking a number by hand. Each returns null where the SQL returns NULL.
// ---------------------------------------------------------------------------------------------

const TYPOGRAPHIC_RE = new RegExp(`[${TYPOGRAPHIC}]`, 'gu');
// splitByNonAlpha's separators: ASCII whitespace TAB..CR and space, and ASCII punctuation but `~`.
const SEPARATORS = /[\t\n\v\f\r !-/:-@[-`{-}]+/;

export function words(text: string): string[] {
  return text
    .replace(TYPOGRAPHIC_RE, ' ')
    .toLowerCase()
    .split(SEPARATORS)
    .filter((w) => w !== '');
}

export function ngrams(ws: readonly string[], n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i + n <= ws.length; i++) out.push(ws.slice(i, i + n).join(' '));
  return out;
}

export function distinctN(texts: readonly string[], n: number): number | null {
  const all = texts.flatMap((t) => ngrams(words(t), n));
  return all.length === 0 ? null : new Set(all).size / all.length;
}

export function entropyN(texts: readonly string[], n: number): number | null {
  const all = texts.flatMap((t) => ngrams(words(t), n));
  if (all.length === 0) return null;
  const counts = new Map<string, number>();
  for (const g of all) counts.set(g, (counts.get(g) ?? 0) + 1);
  let h = 0;
  for (const c of counts.values()) {
    const p = c / all.length;
    h -= p * Math.log2(p);
  }
  return h;
}

export function typeTokenRatio(texts: readonly string[]): number | null {
  const ratios = texts
    .map(words)
    .filter((ws) => ws.length > 0)
    .map((ws) => new Set(ws).size / ws.length);
  return ratios.length === 0 ? null : ratios.reduce((a, b) => a + b, 0) / ratios.length;
}

/** Bytes of the text's gzip (level 9, header and trailer included); what ingest stores per text. */
export function gzipBytes(text: string): number {
  return gzipSync(Buffer.from(text, 'utf8'), { level: GZIP_LEVEL }).length;
}

/** Summed UTF-8 bytes over summed per-text gzip bytes; null without a non-empty text. */
export function compressionRatio(texts: readonly string[]): number | null {
  const kept = texts.filter((t) => t !== '');
  if (kept.length === 0) return null;
  const raw = kept.reduce((a, t) => a + Buffer.byteLength(t, 'utf8'), 0);
  return raw / kept.reduce((a, t) => a + gzipBytes(t), 0);
}

/** The k most frequent words, ties broken by the word (code-unit order, as ClickHouse's bytes for ASCII). */
export function topWords(texts: readonly string[], k = TAIL_TOP_K): string[] {
  const counts = new Map<string, number>();
  for (const t of texts) for (const w of words(t)) counts.set(w, (counts.get(w) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, k)
    .map(([w]) => w);
}

export function tailMass(texts: readonly string[], top: readonly string[]): number | null {
  if (top.length === 0) return null;
  const set = new Set(top);
  const ws = texts.flatMap(words);
  if (ws.length === 0) return null;
  return ws.filter((w) => !set.has(w)).length / ws.length;
}

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
// costs about five times as much in ClickHouse (measured: 200 ms against 40 ms for 4,000 texts),
// and the tokenizer runs on every text of every group on every refresh.
//
// Compression ratio is the one metric ClickHouse cannot compute: it has no gzip function in SQL
// (its codecs compress columns on disk, not values in a query). The query returns each group's
// concatenated texts and Node's zlib compresses them, with the same gzip the reference uses.
import { gzipSync } from 'node:zlib';
import type { Unit } from '../../src/lib/contract/panels';

export interface MetricInfo {
  name: string;
  label: string;
  unit: Unit;
  definition: string;
  reference: string;
}

/** The order is the order of the panels' columns and of docs/METHODS.md. */
export const DIVERSITY_METRICS: readonly MetricInfo[] = [
  {
    name: 'distinct_1',
    label: 'Distinct-1',
    unit: 'ratio',
    definition: 'distinct words / words in the group',
    reference: 'Li, Galley, Brockett, Gao, Dolan, "A Diversity-Promoting Objective Function for Neural Conversation Models", NAACL 2016'
  },
  {
    name: 'distinct_2',
    label: 'Distinct-2',
    unit: 'ratio',
    definition: 'distinct word bigrams / bigrams in the group',
    reference: 'Li et al., NAACL 2016'
  },
  {
    name: 'distinct_3',
    label: 'Distinct-3',
    unit: 'ratio',
    definition: 'distinct word trigrams / trigrams in the group',
    reference: 'Li et al., NAACL 2016'
  },
  {
    name: 'entropy_1',
    label: 'Unigram entropy (bits)',
    unit: 'bits',
    definition: '-sum p(w) log2 p(w) over the word frequencies of the group',
    reference:
      'Shannon, "A Mathematical Theory of Communication", Bell System Technical Journal 1948; as a diversity score (Ent-n): ' +
      'Zhang, Galley, Gao, Gan, Li, Brockett, Dolan, "Generating Informative and Diverse Conversational Responses via Adversarial Information Maximization", NeurIPS 2018'
  },
  {
    name: 'entropy_2',
    label: 'Bigram entropy (bits)',
    unit: 'bits',
    definition: '-sum p(b) log2 p(b) over the bigram frequencies of the group',
    reference: 'Zhang et al., NeurIPS 2018 (Ent-2)'
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
      'UTF-8 bytes of the texts joined by single spaces (oldest first) / bytes of their gzip compression (level 9, header included); higher means more repetitive',
    reference:
      'Shaib, Barrow, Sun, Siu, Wallace, Nenkova, "Standardizing the Measurement of Text Diversity: A Tool and a Comparative Analysis of Scores", arXiv:2403.00553, 2024'
  },
  {
    name: 'self_repetition',
    label: 'Self-repetition (4-grams)',
    unit: 'score',
    definition:
      'for each text, ln(1 + sum over its distinct 4-grams of the number of OTHER texts of the group containing that 4-gram), averaged over the texts',
    reference:
      'Salkar, Trinh, Wallace, Nenkova, "Self-Repetition in Abstractive Neural Summarizers", AACL-IJCNLP 2022; as scored by Shaib et al. 2024 (n = 4, natural log)'
  },
  {
    name: 'tail_mass',
    label: 'Tail mass',
    unit: 'share',
    definition:
      "share of the group's words that are not among the 100 most frequent words of generation 0 of the same model family (ties broken alphabetically)",
    reference:
      'This project, after Shumailov et al., "AI models collapse when trained on recursively generated data", Nature 2024 (the tails of the distribution vanish first)'
  }
];

/** Top-K of generation 0 that tail_mass measures against. */
export const TAIL_TOP_K = 100;
/** n of the self-repetition n-grams, as Salkar et al. and Shaib et al. */
export const SELF_REPETITION_N = 4;
/** gzip level of the compression ratio: Python's gzip.compress default, which Shaib et al. use. */
export const GZIP_LEVEL = 9;

// ---------------------------------------------------------------------------------------------
// SQL fragments. Arguments are column names and aliases of our own queries, never request data.
// ---------------------------------------------------------------------------------------------

/** Typographic marks read as spaces (each one character; translateUTF8 maps them one to one). */
export const TYPOGRAPHIC =
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

/** Aggregates over rows holding n-gram arrays, NULL for a group without any. */
export const METRIC_SQL = {
  /** uniqExactArray counts distinct elements across every row's array. */
  distinct: (grams: string) => `if(sum(length(${grams})) = 0, NULL, uniqExactArray(${grams}) / sum(length(${grams})))`,
  /** ClickHouse's entropy is Shannon's, in bits; the -Array combinator runs it over the elements. */
  entropy: (grams: string) => `if(sum(length(${grams})) = 0, NULL, entropyArray(${grams}))`,
  ttr: (words: string) => `avgIf(arrayUniq(${words}) / length(${words}), length(${words}) > 0)`,
  /**
   * From a group's word counts joined to its family's generation-0 top-K: words in the top-K and
   * all words. NULL when the family has no generation 0 to compare with, or the group no words.
   */
  tailMass: (hasGen0: string, topWords: string, allWords: string) =>
    `if(${hasGen0} = 1 AND ${allWords} > 0, 1 - ${topWords} / ${allWords}, NULL)`,
  /** The texts of the group, oldest first, joined by spaces: what compressionRatioOf() compresses. */
  corpus: (ts: string, tieBreak: string, text: string) =>
    `arrayStringConcat(arrayMap(x -> x.3, arraySort(x -> (x.1, x.2), groupArray((${ts}, ${tieBreak}, ${text})))), ' ')`
} as const;

/**
 * Self-repetition needs, for every n-gram, the number of texts of its group that contain it
 * (its document frequency), which a window function counts in one pass. The subquery answers one
 * row per group with the SUM over its texts of ln(1 + sum of (df - 1) over the text's distinct
 * n-grams); the caller divides by the group's number of texts, so texts too short for one n-gram
 * count as ln(1) = 0, as in the reference. `rows` names a relation with the group keys, a words
 * column and a unique text id.
 */
export function selfRepetitionSumSql(rows: string, keys: readonly string[], words: string, id: string, n = SELF_REPETITION_N): string {
  const k = keys.join(', ');
  return `
    SELECT ${k}, sum(log(others + 1)) AS sr_sum
    FROM (
      SELECT ${k}, text_id, sum(df - 1) AS others
      FROM (
        SELECT ${k}, text_id, count() OVER (PARTITION BY ${k}, gram) AS df
        FROM (SELECT ${k}, ${id} AS text_id, arrayDistinct(${ngramsSql(words, n)}) AS grams FROM ${rows})
        ARRAY JOIN grams AS gram
      )
      GROUP BY ${k}, text_id
    )
    GROUP BY ${k}`;
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

/** Bytes of the corpus over bytes of its gzip; null for an empty corpus. */
export function compressionRatioOf(corpus: string): number | null {
  const raw = Buffer.from(corpus, 'utf8');
  if (raw.length === 0) return null;
  return raw.length / gzipSync(raw, { level: GZIP_LEVEL }).length;
}

/** `texts` in the order the SQL joins them: oldest first. */
export function compressionRatio(texts: readonly string[]): number | null {
  return compressionRatioOf(texts.join(' '));
}

export function selfRepetition(texts: readonly string[], n = SELF_REPETITION_N): number | null {
  if (texts.length === 0) return null;
  const perText = texts.map((t) => new Set(ngrams(words(t), n)));
  const df = new Map<string, number>();
  for (const set of perText) for (const g of set) df.set(g, (df.get(g) ?? 0) + 1);
  let total = 0;
  for (const set of perText) {
    let others = 0;
    for (const g of set) others += (df.get(g) ?? 1) - 1;
    total += Math.log(others + 1);
  }
  return total / texts.length;
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

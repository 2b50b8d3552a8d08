// Model collapse in miniature, after Shumailov et al. (Nature 2024): a "model" here is a unigram
// distribution over a vocabulary. Generation 0 is trained on original (human) data, a Zipf-like
// distribution. Every later generation is re-estimated from a finite sample of the previous
// generation's output: a word that happens not to be sampled gets probability zero and can never
// come back, so the tail vanishes and the mass piles onto the common words. The second variant
// keeps 10% original data (the paper's second experiment): each generation is 90% the model
// learned from generated data and 10% the generation-0 model, which keeps the tail alive.
// A unigram model cannot show perplexity, but distinct-n, entropy and tail mass of its texts
// move the way the paper describes, which is what the diversity panels measure.
import { createRng, type Rng } from '../lib/random';
import { COLLAPSE_GENERATIONS, COLLAPSE_ORIGINAL_KEPT, SHUMAILOV_2024 } from './targets';
import { pronounceableWords } from './words';

export const COLLAPSE_FAMILY = 'opt-125m-sim';

export interface CollapseVariant {
  readonly model: string;
  /** Share of each generation's training data that is model output. */
  readonly syntheticFraction: number;
}

export const COLLAPSE_VARIANTS: readonly CollapseVariant[] = [
  { model: 'recursive', syntheticFraction: 1 },
  { model: 'recursive-keep10', syntheticFraction: 1 - COLLAPSE_ORIGINAL_KEPT.value }
];

export const COLLAPSE_SOURCE = `Simulated after ${SHUMAILOV_2024}`;

export interface CollapseOptions {
  seed?: number;
  /** @default 3000 */
  vocabularySize?: number;
  /** Exponent s of the generation-0 Zipf law p(rank) ~ 1 / (rank + 1)^s; about 1 for natural language. @default 1 */
  zipfExponent?: number;
  /** Texts each generation produces (stored as samples). @default 200 */
  textsPerGeneration?: number;
  /**
   * Size in tokens of the finite sample of generation g-1's output that generation g is
   * estimated from. Smaller means faster collapse. @default 20000
   */
  trainingTokens?: number;
  /** @default 10 (generations 0-9, as in the paper) */
  generations?: number;
  /** @default 40 */
  minWords?: number;
  /** @default 80 */
  maxWords?: number;
}

export interface Generation {
  readonly generation: number;
  readonly texts: readonly string[];
  /** Cumulative distribution over the vocabulary the texts were drawn from. */
  readonly cum: Float64Array;
}

export interface CollapseChain {
  readonly variant: CollapseVariant;
  readonly generations: readonly Generation[];
}

export interface CollapseRun {
  readonly vocabulary: readonly string[];
  readonly chains: readonly CollapseChain[];
  readonly minWords: number;
  readonly maxWords: number;
}

/** Runs both variants for all generations. Deterministic for a seed. */
export function simulateCollapse(opts: CollapseOptions = {}): CollapseRun {
  const seed = (opts.seed ?? 1) >>> 0;
  const vocabularySize = opts.vocabularySize ?? 3000;
  const s = opts.zipfExponent ?? 1;
  const perGeneration = opts.textsPerGeneration ?? 200;
  const generations = opts.generations ?? COLLAPSE_GENERATIONS.value;
  const minWords = opts.minWords ?? 40;
  const maxWords = opts.maxWords ?? 80;
  const trainingTokens = opts.trainingTokens ?? 20_000;
  if (minWords < 1 || maxWords < minWords) throw new RangeError('need 1 <= minWords <= maxWords');

  const vocabulary = pronounceableWords(vocabularySize, seed);
  const zipf = Float64Array.from({ length: vocabularySize }, (_, r) => 1 / Math.pow(r + 1, s));
  normalize(zipf);

  // The original (human) dataset is finite too, as wikitext2 is in the paper: generation 0 is the
  // model estimated from a sample of the Zipf law, and its distribution is what the keep-10%
  // variant mixes back in.
  const originalCum = estimate(toCumulative(zipf), trainingTokens, createRng(mix(seed, 0, 0)));
  const gen0 = drawTexts(originalCum, perGeneration, minWords, maxWords, createRng(mix(seed, 0, 1)));

  const chains = COLLAPSE_VARIANTS.map((variant, v) => {
    const out: Generation[] = [{ generation: 0, texts: gen0.map((t) => render(t, vocabulary)), cum: originalCum }];
    let previousCum = originalCum;
    for (let g = 1; g < generations; g++) {
      const rng = createRng(mix(seed, v + 1, g));
      // Re-estimated from a finite sample of the previous generation's output; the variant that
      // keeps original data mixes the generation-0 distribution back in at 1 - syntheticFraction,
      // so a word of the original data never reaches probability zero there.
      const learned = estimate(previousCum, trainingTokens, rng);
      const cum = mixWith(learned, originalCum, 1 - variant.syntheticFraction);
      const texts = drawTexts(cum, perGeneration, minWords, maxWords, rng);
      out.push({ generation: g, texts: texts.map((t) => render(t, vocabulary)), cum });
      previousCum = cum;
    }
    return { variant, generations: out };
  });
  return { vocabulary, chains, minWords, maxWords };
}

/** One new text from a generation's distribution (the live simulator's samples). */
export function sampleText(run: CollapseRun, cum: Float64Array, rng: Rng): string {
  const [text] = drawTexts(cum, 1, run.minWords, run.maxWords, rng);
  return render(text ?? [], run.vocabulary);
}

/** Prompt ids pair the i-th text of every generation, as the paper's continuations share prompts. */
export function promptId(i: number): string {
  return `prompt-${String(i).padStart(4, '0')}`;
}

/** Number of distinct words across texts (distinct-1 as a count). */
export function distinctWords(texts: readonly string[]): number {
  const seen = new Set<string>();
  for (const t of texts) for (const w of t.split(/[^a-z]+/)) if (w) seen.add(w);
  return seen.size;
}

/**
 * Maximum-likelihood unigram model of a finite training set of `n` tokens drawn from `cum`, as a
 * cumulative array. A word absent from the set gets probability zero: the tail loss.
 */
function estimate(cum: Float64Array, n: number, rng: Rng): Float64Array {
  const counts = new Float64Array(cum.length);
  for (let i = 0; i < n; i++) {
    const w = sampleIndex(cum, rng.next());
    counts[w] = (counts[w] ?? 0) + 1;
  }
  normalize(counts);
  return toCumulative(counts);
}

/** (1 - w) * a + w * b for two cumulative distributions (mixing is linear in the cumulative). */
function mixWith(a: Float64Array, b: Float64Array, w: number): Float64Array {
  if (w === 0) return a;
  return a.map((x, i) => (1 - w) * x + w * (b[i] as number));
}

function drawTexts(cum: Float64Array, count: number, minWords: number, maxWords: number, rng: Rng): number[][] {
  const texts: number[][] = [];
  for (let i = 0; i < count; i++) {
    const length = minWords + Math.floor(rng.next() * (maxWords - minWords + 1));
    const words: number[] = [];
    for (let j = 0; j < length; j++) words.push(sampleIndex(cum, rng.next()));
    texts.push(words);
  }
  return texts;
}

/** Words joined by spaces, cut into sentences of 6-14 words ending with a full stop. */
function render(words: readonly number[], vocabulary: readonly string[]): string {
  let out = '';
  let untilStop = 6 + (words.length % 9);
  for (let i = 0; i < words.length; i++) {
    out += vocabulary[words[i] as number] ?? '';
    untilStop--;
    if (i === words.length - 1) out += '.';
    else if (untilStop === 0) {
      out += '. ';
      // Sentence lengths vary with the words themselves, so they need no random draws of their own.
      untilStop = 6 + ((words[i] as number) % 9);
    } else out += ' ';
  }
  return out;
}

function sampleIndex(cum: Float64Array, u01: number): number {
  // Scaled by the total rather than forcing the last value to 1, so rounding can never give a
  // vanished (zero-probability) word at the end of the vocabulary a sliver of mass back.
  const u = u01 * (cum[cum.length - 1] as number);
  // Binary search for the first cumulative value above u.
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((cum[mid] as number) > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function normalize(p: Float64Array): void {
  let total = 0;
  for (const x of p) total += x;
  if (!(total > 0)) throw new Error('empty distribution');
  for (let i = 0; i < p.length; i++) p[i] = (p[i] as number) / total;
}

function toCumulative(p: Float64Array): Float64Array {
  const cum = new Float64Array(p.length);
  let acc = 0;
  for (let i = 0; i < p.length; i++) cum[i] = acc += p[i] as number;
  return cum;
}

/** Independent RNG seeds per (seed, variant, generation). */
function mix(seed: number, variant: number, generation: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (variant + 1) ^ (h >>> 13), 0xc2b2ae35);
  h = Math.imul(h ^ (generation + 1) ^ (h >>> 16), 0x27d4eb2f);
  return (h ^ (h >>> 15)) >>> 0;
}

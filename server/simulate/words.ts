// Synthetic but pronounceable words (consonant-vowel syllables), for the model-collapse
// vocabulary and the domain names. Made-up words keep the simulated texts obviously synthetic
// while letting the diversity metrics (distinct-n, entropy) behave as on real text.
import { createRng } from '../lib/random';

const ONSETS = [
  'b',
  'd',
  'f',
  'g',
  'k',
  'l',
  'm',
  'n',
  'p',
  'r',
  's',
  't',
  'v',
  'z',
  'br',
  'dr',
  'gr',
  'kl',
  'pl',
  'st',
  'tr',
  'sh',
  'ch',
  'th'
];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ai', 'ea', 'ou', 'io'];
const CODAS = ['', '', '', 'n', 'r', 'l', 's', 'm', 'k'];

function choose<T>(items: readonly T[], u: number): T {
  return items[Math.floor(u * items.length)] as T;
}

/**
 * `count` distinct words of one to three syllables, deterministic for a seed. Sorted shortest
 * first (stable), so a Zipf vocabulary built on it gives its frequent ranks the short words, as
 * in natural languages.
 */
export function pronounceableWords(count: number, seed: number): string[] {
  if (!Number.isInteger(count) || count < 1 || count > 200_000) throw new RangeError(`word count ${count} out of range`);
  const rng = createRng(seed >>> 0);
  const seen = new Set<string>();
  const words: string[] = [];
  // 24 * 9 * 9 syllables give millions of two- and three-syllable words: far more than needed,
  // so the rejection loop ends quickly.
  while (words.length < count) {
    const syllables = 1 + Math.floor(rng.next() * 3);
    let w = '';
    for (let s = 0; s < syllables; s++) {
      w += choose(ONSETS, rng.next()) + choose(VOWELS, rng.next()) + (s === syllables - 1 ? choose(CODAS, rng.next()) : '');
    }
    if (!seen.has(w)) {
      seen.add(w);
      words.push(w);
    }
  }
  return words
    .map((w, i) => ({ w, i }))
    .sort((a, b) => a.w.length - b.w.length || a.i - b.i)
    .map((x) => x.w);
}

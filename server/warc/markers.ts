// The marker-word group: words whose use in text rose with LLM writing (Kobak et al. 2024), per
// language, read from a CSV that is data, not code (clickhouse/seed/kobak_marker_words.csv).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../paths';

export const MARKER_WORDS_FILE = join('clickhouse', 'seed', 'kobak_marker_words.csv');

export class MarkerGroup {
  private readonly words: Map<string, Set<string>>;

  constructor(words: ReadonlyMap<string, ReadonlySet<string>>) {
    this.words = new Map([...words].map(([lang, set]) => [lang, new Set([...set].map((w) => w.toLowerCase()))]));
  }

  /** Languages that have a marker group; documents in others are not scanned. */
  get languages(): string[] {
    return [...this.words.keys()].sort();
  }

  size(lang: string): number {
    return this.words.get(lang)?.size ?? 0;
  }

  /**
   * Whether the text holds a word of the language's group: null when the language has none.
   * Words are maximal runs of letters, compared in lower case as whole words ("delves" is not
   * "delve"), as the paper counts word forms.
   */
  scan(text: string, lang: string): boolean | null {
    const set = this.words.get(lang);
    if (!set) return null;
    WORD.lastIndex = 0;
    for (let m = WORD.exec(text); m; m = WORD.exec(text)) {
      if (set.has(m[0].toLowerCase())) return true;
    }
    return false;
  }
}

const WORD = /\p{L}+/gu;

/** Parses `lang,word[,...]` lines with a header; blank lines and `#` comments are left out. */
export function parseMarkerCsv(csv: string): MarkerGroup {
  const lines = csv.split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((h) => h.trim());
  const li = header.indexOf('lang');
  const wi = header.indexOf('word');
  if (li < 0 || wi < 0) throw new Error('marker word file needs a header with lang and word columns');
  const words = new Map<string, Set<string>>();
  lines.slice(1).forEach((line, i) => {
    if (line.trim() === '' || line.startsWith('#')) return;
    const cells = line.split(',');
    const lang = cells[li]?.trim() ?? '';
    const word = cells[wi]?.trim() ?? '';
    if (!/^[a-z]{2,3}$/.test(lang) || !/^\p{L}+$/u.test(word)) {
      throw new Error(`marker word file line ${i + 2}: expected a language code and one word, got ${JSON.stringify(line)}`);
    }
    const set = words.get(lang) ?? new Set<string>();
    set.add(word);
    words.set(lang, set);
  });
  return new MarkerGroup(words);
}

let cached: MarkerGroup | undefined;

/** The project's marker group, read once. */
export function markerGroup(): MarkerGroup {
  cached ??= parseMarkerCsv(readFileSync(join(projectRoot(), MARKER_WORDS_FILE), 'utf8'));
  return cached;
}

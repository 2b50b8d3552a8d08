// The marker-word groups: words whose use in text rose with LLM writing (Kobak et al. 2024), per
// language and per the year whose excess they showed, read from a CSV that is data, not code
// (clickhouse/seed/kobak_marker_words.csv). The paper's lower bound for a year counts the words
// with excess in that year, so a group is kept per year and a document is scanned for each.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../paths';

const MARKER_WORDS_FILE = join('clickhouse', 'seed', 'kobak_marker_words.csv');

/**
 * The words of a document the windowed count reads: its first 200. A longer text is more likely
 * to hold some word of a group of hundreds, so counting whole documents would let a change in
 * page length pass for a change in style; every counted document offers the same 200 chances,
 * and shorter documents are left out of that count. 200 is this product's choice, not the paper's
 * (its unit is a PubMed abstract, whatever its length).
 */
export const MARKER_WINDOW_WORDS = 200;

/** What a scan of one document found. */
export interface MarkerScan {
  /** A word of any year's group anywhere in the text (the import summary's count). */
  anywhere: boolean;
  /** The text has at least MARKER_WINDOW_WORDS words: it counts in the windowed estimate. */
  windowed: boolean;
  /** Years whose group has a word among the first MARKER_WINDOW_WORDS words; empty when not windowed. */
  years: number[];
}

export class MarkerGroup {
  /** language -> word (lower case) -> years whose group holds it. */
  private readonly words: Map<string, Map<string, number[]>>;

  constructor(groups: ReadonlyMap<string, ReadonlyMap<number, ReadonlySet<string>>>) {
    this.words = new Map();
    for (const [lang, byYear] of groups) {
      const index = new Map<string, number[]>();
      for (const [year, set] of byYear) {
        for (const w of set) {
          const key = w.toLowerCase();
          const years = index.get(key) ?? [];
          if (!years.includes(year)) years.push(year);
          index.set(
            key,
            years.sort((a, b) => a - b)
          );
        }
      }
      this.words.set(lang, index);
    }
  }

  /** Languages that have a marker group; documents in others are not scanned. */
  get languages(): string[] {
    return [...this.words.keys()].sort();
  }

  /** Distinct words of the language's groups, over all years. */
  size(lang: string): number {
    return this.words.get(lang)?.size ?? 0;
  }

  /** The years the language has a group for. */
  years(lang: string): number[] {
    const out = new Set<number>();
    for (const ys of this.words.get(lang)?.values() ?? []) for (const y of ys) out.add(y);
    return [...out].sort((a, b) => a - b);
  }

  /**
   * Scans a text: null when the language has no group. Words are maximal runs of letters,
   * compared in lower case as whole words ("delves" is not "delve"), as the paper counts word
   * forms.
   */
  scan(text: string, lang: string): MarkerScan | null {
    const index = this.words.get(lang);
    if (!index) return null;
    const inWindow = new Set<number>();
    let anywhere = false;
    let n = 0;
    WORD.lastIndex = 0;
    for (let m = WORD.exec(text); m; m = WORD.exec(text)) {
      n++;
      const years = index.get(m[0].toLowerCase());
      if (years) {
        anywhere = true;
        if (n <= MARKER_WINDOW_WORDS) for (const y of years) inWindow.add(y);
      }
      // Past the window only "anywhere" is still open; once it is settled nothing changes.
      if (n >= MARKER_WINDOW_WORDS && anywhere) break;
    }
    const windowed = n >= MARKER_WINDOW_WORDS;
    return { anywhere, windowed, years: windowed ? [...inWindow].sort((a, b) => a - b) : [] };
  }
}

const WORD = /\p{L}+/gu;

/** Parses `lang,year,word[,...]` lines with a header; blank lines and `#` comments are left out. */
export function parseMarkerCsv(csv: string): MarkerGroup {
  const lines = csv.split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((h) => h.trim());
  const li = header.indexOf('lang');
  const yi = header.indexOf('year');
  const wi = header.indexOf('word');
  if (li < 0 || yi < 0 || wi < 0) throw new Error('marker word file needs a header with lang, year and word columns');
  const groups = new Map<string, Map<number, Set<string>>>();
  lines.slice(1).forEach((line, i) => {
    if (line.trim() === '' || line.startsWith('#')) return;
    const cells = line.split(',');
    const lang = cells[li]?.trim() ?? '';
    const year = cells[yi]?.trim() ?? '';
    const word = cells[wi]?.trim() ?? '';
    if (!/^[a-z]{2,3}$/.test(lang) || !/^(19|20)\d\d$/.test(year) || !/^\p{L}+$/u.test(word)) {
      throw new Error(`marker word file line ${i + 2}: expected a language code, a year and one word, got ${JSON.stringify(line)}`);
    }
    const byYear = groups.get(lang) ?? new Map<number, Set<string>>();
    const set = byYear.get(Number(year)) ?? new Set<string>();
    set.add(word);
    byYear.set(Number(year), set);
    groups.set(lang, byYear);
  });
  return new MarkerGroup(groups);
}

let cached: MarkerGroup | undefined;

/** The project's marker groups, read once. */
export function markerGroup(): MarkerGroup {
  cached ??= parseMarkerCsv(readFileSync(join(projectRoot(), MARKER_WORDS_FILE), 'utf8'));
  return cached;
}

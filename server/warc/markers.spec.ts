import { describe, expect, it } from 'vitest';
import { MARKER_WINDOW_WORDS, markerGroup, parseMarkerCsv } from './markers';

/** `n` words no group holds. */
const filler = (n: number) => Array.from({ length: n }, () => 'plain').join(' ');

describe('marker-word groups', () => {
  const g = parseMarkerCsv(
    'lang,year,word,part_of_speech\nen,2024,delves,verb\n# a comment\n\nen,2024,Intricate,adjective\nen,2021,amid,preposition\n'
  );

  it('finds a whole word of a group in any case, and only whole words', () => {
    expect(g.scan('This paper DELVES into it.', 'en')?.anywhere).toBe(true);
    expect(g.scan('An intricate, well-made plan', 'en')?.anywhere).toBe(true);
    expect(g.scan('She delved into it; delvesque is not a word', 'en')?.anywhere).toBe(false);
  });

  it('names the year of the group a word belongs to, so a word of another year’s group is told apart', () => {
    expect(g.scan(`amid ${filler(MARKER_WINDOW_WORDS)}`, 'en')).toEqual({ anywhere: true, windowed: true, years: [2021] });
    expect(g.scan(`${filler(10)} delves ${filler(MARKER_WINDOW_WORDS)}`, 'en')).toEqual({ anywhere: true, windowed: true, years: [2024] });
    expect(g.years('en')).toEqual([2021, 2024]);
  });

  it('counts only the first window of words, and leaves shorter documents out of the windowed count', () => {
    // A long page whose group word comes after the window: found anywhere, not in the window.
    const long = g.scan(`${filler(MARKER_WINDOW_WORDS)} delves ${filler(5000)}`, 'en');
    expect(long).toEqual({ anywhere: true, windowed: true, years: [] });
    // The window's last word still counts.
    expect(g.scan(`${filler(MARKER_WINDOW_WORDS - 1)} delves`, 'en')?.years).toEqual([2024]);
    // One word short of the window: not counted, whatever it holds.
    expect(g.scan(`${filler(MARKER_WINDOW_WORDS - 2)} delves`, 'en')).toEqual({ anywhere: true, windowed: false, years: [] });
  });

  it('does not scan languages it has no group for', () => {
    expect(g.scan('delves', 'de')).toBeNull();
    expect(g.languages).toEqual(['en']);
  });

  it('refuses a malformed file with the line', () => {
    expect(() => parseMarkerCsv('lang,word\nen,x')).toThrow(/lang, year and word/);
    expect(() => parseMarkerCsv('lang,year,word\nen,2024,two words')).toThrow(/line 2/);
    expect(() => parseMarkerCsv('lang,year,word\nen,24,delves')).toThrow(/line 2/);
  });

  it('ships the 2024 group of Kobak et al.: their 291 style words of 2024 below 2% frequency', () => {
    const shipped = markerGroup();
    expect(shipped.size('en')).toBe(291);
    expect(shipped.years('en')).toEqual([2024]);
    expect(shipped.scan(`we delve into ${filler(MARKER_WINDOW_WORDS)}`, 'en')?.years).toEqual([2024]);
    // Function words and pandemic-era words of the all-years list are not in it.
    for (const w of ['these', 'were', 'using', 'during', 'amid']) {
      expect(shipped.scan(`${w} ${filler(MARKER_WINDOW_WORDS)}`, 'en')?.anywhere, w).toBe(false);
    }
  });
});

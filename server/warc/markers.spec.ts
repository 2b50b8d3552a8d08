import { describe, expect, it } from 'vitest';
import { markerGroup, parseMarkerCsv } from './markers';

describe('marker-word group', () => {
  const g = parseMarkerCsv('lang,word,part_of_speech\nen,delves,verb\n# a comment\n\nen,Intricate,adjective\n');

  it('finds a whole word of the group in any case, and only whole words', () => {
    expect(g.scan('This paper DELVES into it.', 'en')).toBe(true);
    expect(g.scan('An intricate, well-made plan', 'en')).toBe(true);
    expect(g.scan('She delved into it; delvesque is not a word', 'en')).toBe(false);
  });

  it('does not scan languages it has no group for', () => {
    expect(g.scan('delves', 'de')).toBeNull();
    expect(g.languages).toEqual(['en']);
  });

  it('refuses a malformed file with the line', () => {
    expect(() => parseMarkerCsv('word\nx')).toThrow(/lang and word/);
    expect(() => parseMarkerCsv('lang,word\nen,two words')).toThrow(/line 2/);
  });

  it('ships the style words of the Kobak et al. excess list', () => {
    const shipped = markerGroup();
    expect(shipped.size('en')).toBe(407);
    expect(shipped.scan('we delve into', 'en')).toBe(true);
  });
});

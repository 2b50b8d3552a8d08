import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../paths';
import {
  DIVERSITY_METRICS,
  DISTINCT_HLL_PRECISION,
  DISTINCT_RELATIVE_ERROR,
  compressionRatio,
  distinctN,
  entropyN,
  gzipBytes,
  ngrams,
  ngramsSql,
  tailMass,
  topWords,
  typeTokenRatio,
  words,
  wordsSql
} from './metrics';

// Two texts used throughout:
//   A = "The cat sat."   -> words [the, cat, sat]
//   B = "the CAT ran"    -> words [the, cat, ran]
const A = 'The cat sat.';
const B = 'the CAT ran';

describe('words', () => {
  it('lower-cases and splits at ASCII whitespace and punctuation, keeping letters of any script', () => {
    expect(words(A)).toEqual(['the', 'cat', 'sat']);
    // The curly apostrophe and the em dash are typographic marks, read as spaces like ' and -.
    expect(words('Don’t STOP—über!')).toEqual(['don', 't', 'stop', 'über']);
    expect(words("don't stop-uber")).toEqual(['don', 't', 'stop', 'uber']);
    expect(words('“Quoted” ΣΑΣ x\u00a0y')).toEqual(['quoted', 'σας', 'x', 'y']);
    // ClickHouse's splitByNonAlpha does not split at ~ (measured), so neither does the reference.
    expect(words('a~b 22:00 email@tut.by')).toEqual(['a~b', '22', '00', 'email', 'tut', 'by']);
    expect(words('  ...  ')).toEqual([]);
  });
});

describe('n-grams', () => {
  it('takes n consecutive words of one text', () => {
    expect(ngrams(['a', 'b', 'c'], 2)).toEqual(['a b', 'b c']);
    expect(ngrams(['a', 'b', 'c'], 3)).toEqual(['a b c']);
    expect(ngrams(['a'], 2)).toEqual([]);
  });
});

describe('distinct-n', () => {
  it('divides distinct n-grams by all n-grams of the group', () => {
    // Unigrams: the, cat, sat, the, cat, ran = 6; distinct {the, cat, sat, ran} = 4 -> 4/6.
    expect(distinctN([A, B], 1)).toBeCloseTo(4 / 6, 12);
    // Bigrams: "the cat", "cat sat", "the cat", "cat ran" = 4; distinct 3 -> 3/4.
    expect(distinctN([A, B], 2)).toBeCloseTo(3 / 4, 12);
    // Trigrams: "the cat sat", "the cat ran" = 2, both distinct -> 1. N-grams never span texts.
    expect(distinctN([A, B], 3)).toBe(1);
    expect(distinctN(['one two'], 3)).toBeNull();
  });
});

describe('entropy', () => {
  it('is Shannon entropy in bits of the n-gram frequencies', () => {
    // Unigram counts the 2, cat 2, sat 1, ran 1 of 6: p = 1/3, 1/3, 1/6, 1/6.
    // H = 2 * (1/3) log2 3 + 2 * (1/6) log2 6 = 1.056642 + 0.861654 = 1.918296 bits.
    expect(entropyN([A, B], 1)).toBeCloseTo((2 / 3) * Math.log2(3) + (1 / 3) * Math.log2(6), 12);
    expect(entropyN([A, B], 1)).toBeCloseTo(1.918296, 6);
    // Bigram counts "the cat" 2, "cat sat" 1, "cat ran" 1 of 4: p = 1/2, 1/4, 1/4.
    // H = 1/2 * 1 + 2 * (1/4 * 2) = 1.5 bits.
    expect(entropyN([A, B], 2)).toBe(1.5);
    // One word repeated: a single outcome, no uncertainty.
    expect(entropyN(['la la la'], 1)).toBe(0);
  });
});

describe('type-token ratio', () => {
  it('averages distinct/total words over the texts', () => {
    // "a a b" -> 2 distinct of 3 = 2/3; "c d" -> 2/2 = 1; "!!!" has no words and is left out.
    // Mean (2/3 + 1) / 2 = 5/6.
    expect(typeTokenRatio(['a a b', 'c d', '!!!'])).toBeCloseTo(5 / 6, 12);
    expect(typeTokenRatio(['...'])).toBeNull();
  });
});

describe('compression ratio', () => {
  it("sums each text's UTF-8 bytes and each text's own gzip bytes, header and trailer included", () => {
    // gzip of one byte at level 9: 10-byte header, one fixed-Huffman deflate block of 3 bits of
    // block header + 8 bits for the literal "a" + 7 bits for end-of-block = 18 bits -> 3 bytes,
    // then the 8-byte trailer (CRC-32 and length): 21 bytes.
    expect(gzipBytes('a')).toBe(21);
    expect(compressionRatio(['a'])).toBeCloseTo(1 / 21, 12);
    // Two texts: (1 + 1) / (21 + 21), whatever their order; texts are never joined.
    expect(compressionRatio(['a', 'b'])).toBeCloseTo(2 / 42, 12);
    expect(compressionRatio(['ab', 'cd'])).toBe(compressionRatio(['cd', 'ab']));
    // "ü" is two UTF-8 bytes.
    expect(compressionRatio(['ü'])).toBeCloseTo(2 / gzipBytes('ü'), 12);
    expect(compressionRatio([])).toBeNull();
    expect(compressionRatio([''])).toBeNull();
  });

  it('rises with repetition inside a text', () => {
    const repetitive = compressionRatio(Array.from({ length: 20 }, () => 'the cat sat on the mat '.repeat(20)));
    const varied = compressionRatio(Array.from({ length: 20 }, (_, i) => `text ${i * 7919} about item ${(i * 104729) % 9973}`));
    // 460 bytes of one 23-byte phrase gzip to 48 bytes: ratio about 9.6.
    expect(repetitive).toBeGreaterThan(5);
    expect(repetitive ?? 0).toBeGreaterThan(varied ?? Infinity);
  });
});

describe('tail mass', () => {
  it('is the share of words outside the top-K of generation 0', () => {
    // Counts in [A, B]: the 2, cat 2, sat 1, ran 1. Top-1 breaks the tie alphabetically: cat.
    expect(topWords([A, B], 1)).toEqual(['cat']);
    expect(topWords([A, B], 2)).toEqual(['cat', 'the']);
    // "the dog ran" against top-2 {cat, the}: dog and ran are outside -> 2/3.
    expect(tailMass(['the dog ran'], ['cat', 'the'])).toBeCloseTo(2 / 3, 12);
    // "cat cat the": all inside -> 0.
    expect(tailMass(['cat cat the'], ['cat', 'the'])).toBe(0);
    expect(tailMass(['x'], [])).toBeNull();
  });
});

describe('distinct-count bound', () => {
  it('is four standard errors of a HyperLogLog of 2^12 cells', () => {
    expect(DISTINCT_RELATIVE_ERROR).toBeCloseTo(0.065, 5);
  });
});

describe('rollup migrations', () => {
  it('split words exactly as wordsSql does, in every view and backfill', () => {
    const dir = join(projectRoot(), 'clickhouse', 'migrations');
    const files = readdirSync(dir).filter((f) => /^00(7[2-9]|8[0-5])_diversity_\w+_(mv|backfill)\.sql$/.test(f));
    expect(files).toHaveLength(10);
    for (const f of files) {
      const sql = readFileSync(join(dir, f), 'utf8');
      expect(sql, f).toContain(wordsSql('text'));
      // The precision the panels merge with and the error bound is computed from.
      if (!f.includes('_words_'))
        expect(sql.match(/uniqCombined64ArrayState\((\d+)\)/g), f).toEqual(
          Array(3).fill(`uniqCombined64ArrayState(${DISTINCT_HLL_PRECISION})`)
        );
    }
  });
});

describe('SQL fragments', () => {
  it('build n-grams that cannot fail on short texts', () => {
    expect(ngramsSql('w', 1)).toBe('w');
    expect(ngramsSql('w', 2)).toContain('length(w) >= 2');
    expect(() => ngramsSql('w', 0)).toThrow(RangeError);
    expect(wordsSql('text')).toMatch(/^splitByNonAlpha\(lowerUTF8\(translateUTF8\(text, /);
  });

  it('lists every metric with a definition and a reference', () => {
    expect(DIVERSITY_METRICS.map((m) => m.name)).toEqual([
      'distinct_1',
      'distinct_2',
      'distinct_3',
      'entropy_1',
      'ttr',
      'compression_ratio',
      'tail_mass'
    ]);
    // The per-generation word counts are the only source of these two.
    expect(DIVERSITY_METRICS.filter((m) => m.generationOnly).map((m) => m.name)).toEqual(['entropy_1', 'tail_mass']);
    for (const m of DIVERSITY_METRICS) {
      expect(m.definition.length).toBeGreaterThan(10);
      expect(m.reference.length).toBeGreaterThan(10);
    }
  });
});

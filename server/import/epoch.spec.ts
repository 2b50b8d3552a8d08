import { describe, expect, it } from 'vitest';
import { convertEpoch, epochSource, statedUnit, type EpochRecord } from './epoch';

const SOURCE = 'Epoch AI All ML Systems 2024-09 (CC BY 4.0)';

function rec(over: EpochRecord): EpochRecord {
  return {
    System: 'Model',
    Domain: 'Language',
    'Publication date': '2023-07-18',
    Organization: 'Lab',
    Parameters: '70000000000.00',
    'Training compute (FLOP)': '8.1e+23',
    'Training dataset': '',
    'Training dataset notes': '',
    'Training dataset size (datapoints)': '1500000000000',
    'Dataset size notes': '',
    ...over
  };
}

describe('statedUnit', () => {
  it('reads the unit from the size notes first, words before tokens', () => {
    expect(statedUnit('2 trillion tokens ~= 1.5 trillion words', '')).toBe('words');
    expect(statedUnit('15.6T tokens', '')).toBe('tokens');
    expect(statedUnit('', '"Llama 3 is pretrained on over 15T tokens"')).toBe('tokens');
    // "token per word" names no unit of the count ("word" singular).
    expect(statedUnit('', '8T training data (tokens); the token per word ratio is 2.46')).toBe('tokens');
    expect(statedUnit('1.2M text-image pairs', '')).toBe('not_text');
    // Dataset notes only speak when the size notes are empty.
    expect(statedUnit('Table 2', 'instruction data')).toBe('none');
    expect(statedUnit('', '')).toBe('silent');
  });
});

describe('convertEpoch', () => {
  it('converts words to tokens at 0.75 words a token and keeps stated tokens', () => {
    const c = convertEpoch(
      [
        rec({ System: 'Llama 2-70B', 'Dataset size notes': '2 trillion tokens ~= 1.5 trillion words' }),
        rec({ System: 'Qwen', 'Training dataset size (datapoints)': '18000000000000', 'Dataset size notes': '18 trillion tokens' }),
        rec({ System: 'Quiet', 'Training dataset size (datapoints)': '3000000000', 'Dataset size notes': 'Table 1' })
      ],
      SOURCE
    );
    // 1.5e12 words / 0.75 = 2e12 tokens.
    expect(c.rows.map((r) => [r.row.model, r.row.training_tokens, r.unit])).toEqual([
      ['Llama 2-70B', 2e12, 'words_stated'],
      ['Qwen', 18e12, 'tokens_stated'],
      ['Quiet', 4e9, 'words_assumed']
    ]);
    expect(c.rows[0]?.row).toEqual({
      model: 'Llama 2-70B',
      organization: 'Lab',
      published: '2023-07-18',
      training_tokens: 2e12,
      parameters: 7e10,
      compute_flop: 8.1e23,
      source: SOURCE
    });
    expect(c.units).toEqual({ words_stated: 1, tokens_stated: 1, words_assumed: 1 });
  });

  it('lends the unit of a row with the same dataset and size to a row without notes', () => {
    const c = convertEpoch(
      [
        rec({
          System: 'Llama 3-70B',
          'Training dataset': 'Llama 3 dataset',
          'Training dataset size (datapoints)': '15000000000000',
          'Training dataset notes': 'over 15T tokens'
        }),
        rec({ System: 'Llama 3-8B', 'Training dataset': 'Llama 3 dataset', 'Training dataset size (datapoints)': '15000000000000' }),
        rec({ System: 'Other', 'Training dataset': 'Llama 3 dataset', 'Training dataset size (datapoints)': '9000000000000' })
      ],
      SOURCE
    );
    expect(c.rows.map((r) => [r.row.model, r.row.training_tokens, r.unit])).toEqual([
      ['Llama 3-70B', 15e12, 'tokens_stated'],
      ['Llama 3-8B', 15e12, 'tokens_inherited'],
      ['Other', 12e12, 'words_assumed']
    ]);
  });

  it('counts every record it leaves out, by reason', () => {
    const c = convertEpoch(
      [
        rec({ System: '' }),
        rec({ Domain: 'Vision' }),
        rec({ Domain: 'Multimodal,Language,Vision' }),
        rec({ 'Training dataset size (datapoints)': '' }),
        rec({ 'Training dataset size (datapoints)': '0' }),
        rec({ 'Publication date': '' }),
        rec({ 'Publication date': '1986-10-01' }),
        rec({ 'Dataset size notes': '400 million (image, text) pairs' })
      ],
      SOURCE
    );
    expect(c.rows).toHaveLength(1);
    expect(c.rows[0]?.index).toBe(2);
    expect(c.skipped).toEqual({ no_model: 1, not_language: 1, no_size: 2, no_date: 1, before_1990: 1, size_not_text: 1 });
  });

  it('cuts a long organization list at a comma to the 300 characters the contract takes', () => {
    const org = Array.from({ length: 40 }, (_, i) => `Organization number ${i}`).join(',');
    const c = convertEpoch([rec({ Organization: org })], SOURCE);
    const got = c.rows[0]?.row.organization ?? '';
    expect(got.length).toBeLessThanOrEqual(300);
    expect(got.endsWith(',…')).toBe(true);
    expect(org.startsWith(got.slice(0, -2))).toBe(true);
  });
});

describe('epochSource', () => {
  it('names the table and the month of the download', () => {
    expect(epochSource('epoch_all_ml_systems_2024-09.csv')).toBe(SOURCE);
    expect(epochSource('All ML Systems - full view.csv')).toBe('Epoch AI All ML Systems (CC BY 4.0)');
  });
});

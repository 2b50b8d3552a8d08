import { describe, expect, it } from 'vitest';
import { UsageError, formatFromName, isCrawlFileName, parseImportArgs } from './args';

describe('parseImportArgs', () => {
  it('reads the stream, the file and the options', () => {
    expect(parseImportArgs(['training', 'f.csv', '--format', 'epoch', '--server=http://h:3000/', '--token', 't', '--json'])).toEqual({
      stream: 'training',
      file: 'f.csv',
      format: 'epoch',
      server: 'http://h:3000',
      token: 't',
      json: true
    });
    expect(parseImportArgs(['market', 'm.parquet'], { INGEST_TOKEN: 'from-env' })).toEqual({
      stream: 'market',
      file: 'm.parquet',
      token: 'from-env',
      json: false
    });
    expect(parseImportArgs(['crawl', 'a.warc.wet.gz', 'b.warc.gz', 'dir'])).toEqual({
      stream: 'crawl',
      file: 'a.warc.wet.gz',
      more: ['b.warc.gz', 'dir'],
      json: false
    });
    expect(parseImportArgs(['--help'])).toBe('help');
  });

  it('says what is wrong', () => {
    expect(() => parseImportArgs(['tweets', 'f.csv'])).toThrow(/unknown stream "tweets"/);
    expect(() => parseImportArgs(['market'])).toThrow(UsageError);
    expect(() => parseImportArgs(['market', 'a.csv', 'b.csv'])).toThrow(/expected <stream> <file>/);
    expect(() => parseImportArgs(['market', 'f', '--format', 'xml'])).toThrow(/--format must be one of/);
    expect(() => parseImportArgs(['market', 'f', '--format', 'epoch'])).toThrow(/training stream/);
    expect(() => parseImportArgs(['market', 'f', '--server', 'localhost'])).toThrow(/http/);
    expect(() => parseImportArgs(['market', 'f', '--token'])).toThrow(/needs a value/);
    expect(() => parseImportArgs(['market', 'f', '--fast'])).toThrow(/unknown option --fast/);
    expect(() => parseImportArgs(['market', 'f', '--token='])).toThrow(/--token needs a value/);
    expect(() => parseImportArgs(['market', 'f', '--json=yes'])).toThrow(UsageError);
  });

  it('reads every value option the usage lists, as --name value and --name=value', () => {
    expect(
      parseImportArgs([
        'series',
        's.csv',
        '--recipe',
        'csv',
        '--date=year',
        '--series',
        'oecd.gdp',
        '--source',
        'OECD',
        '--value',
        'a, b',
        '--labels=country',
        '--column-label',
        'measure',
        '--unit',
        'USD',
        '--licence',
        'CC BY 4.0',
        '--url',
        'https://oecd.org'
      ])
    ).toEqual({
      stream: 'series',
      file: 's.csv',
      json: false,
      recipe: 'csv',
      generic: {
        date: 'year',
        series: 'oecd.gdp',
        source: 'OECD',
        values: ['a', 'b'],
        labels: ['country'],
        columnLabel: 'measure',
        unit: 'USD',
        licence: 'CC BY 4.0',
        url: 'https://oecd.org'
      }
    });
  });
});

describe('formatFromName', () => {
  it('knows the usual extensions', () => {
    expect(formatFromName('a.CSV')).toBe('csv');
    expect(formatFromName('a.jsonl')).toBe('ndjson');
    expect(formatFromName('a.ndjson')).toBe('ndjson');
    expect(formatFromName('a.parquet')).toBe('parquet');
    expect(formatFromName('a.txt')).toBeUndefined();
  });

  it('tells crawl files by their names', () => {
    for (const f of ['x.warc.wet.gz', 'x.warc.gz', 'x.WARC', 'x.wet', 'CC-MAIN-1.warc.wet.gz']) expect(isCrawlFileName(f), f).toBe(true);
    for (const f of ['x.csv', 'x.gz', 'warc.txt', 'x.wet.gz.part']) expect(isCrawlFileName(f), f).toBe(false);
  });
});

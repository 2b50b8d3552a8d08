import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv';

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    expect(parseCsv('a,"b, c","say ""hi""","two\nlines"\n')).toEqual([['a', 'b, c', 'say "hi"', 'two\nlines']]);
  });

  it('accepts CRLF, a byte-order mark and a last line without a newline', () => {
    expect(parseCsv('\ufeffx,y\r\n1,2\r\n3,4')).toEqual([
      ['x', 'y'],
      ['1', '2'],
      ['3', '4']
    ]);
  });

  it('drops blank lines but keeps empty fields', () => {
    expect(parseCsv('x,y\n\n,2\n')).toEqual([
      ['x', 'y'],
      ['', '2']
    ]);
  });
});

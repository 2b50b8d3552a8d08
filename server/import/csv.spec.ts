import { describe, expect, it } from 'vitest';
import { readCsv } from './csv';

describe('readCsv', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    expect(readCsv('h1,h2,h3,h4\na,"b, c","say ""hi""","two\nlines"\n', 'f.csv').records).toEqual([
      { line: 2, cells: ['a', 'b, c', 'say "hi"', 'two\nlines'] }
    ]);
  });

  it('accepts CRLF mixed with LF, a byte-order mark and a last line without a newline', () => {
    expect(readCsv('\ufeffx,y\r\n1,2\n3,4', 'f.csv')).toEqual({
      header: ['x', 'y'],
      records: [
        { line: 2, cells: ['1', '2'] },
        { line: 3, cells: ['3', '4'] }
      ]
    });
  });

  it('skips blank lines but keeps empty fields, and gives each record the line it starts on', () => {
    expect(readCsv('x,y\n\n,2\n"a\nb",3\n4,5\n', 'f.csv').records).toEqual([
      { line: 3, cells: ['', '2'] },
      { line: 4, cells: ['a\nb', '3'] },
      { line: 6, cells: ['4', '5'] }
    ]);
  });

  it('refuses a stray quote inside an unquoted field, naming its line and column', () => {
    expect(() => readCsv('a,b,c\n1,5" screen,3\n4,5,6\n', 'tv.csv')).toThrow(
      /^tv\.csv: line 2, column 2: a quote inside an unquoted field/
    );
  });

  it('refuses a quote that is never closed, naming the line of the record it opens in', () => {
    expect(() => readCsv('a,b\n1,2\n3,"x\n4,5\n', 'f.csv')).toThrow(
      /^f\.csv: line 3: a quoted field opened in this record is never closed/
    );
  });

  it('refuses text after a closing quote', () => {
    expect(() => readCsv('a,b\n"x"y,2\n', 'f.csv')).toThrow(/^f\.csv: line 2, column 1: text after a closing quote/);
  });

  it('refuses a record with fewer or more fields than the header, naming its line', () => {
    expect(() => readCsv('a,b\n1,2\n3\n', 'f.csv')).toThrow(/^f\.csv: line 3: 1 fields where the header has 2/);
    expect(() => readCsv('a,b\n1,2,3\n', 'f.csv')).toThrow(/^f\.csv: line 2: 3 fields where the header has 2/);
  });
});

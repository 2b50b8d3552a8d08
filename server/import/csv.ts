// Every CSV read in Node goes through csv-parse (RFC 4180): the series a user imports, Epoch AI's
// tables, the seed tables shipped in clickhouse/seed/, and the check that runs before ClickHouse
// reads a user's CSV through its own input format (run.ts). Strict on purpose: a quote inside an
// unquoted field, a quote never closed and a record with more or fewer fields than the header
// are errors naming the line and column, never a silent merge of the records that follow.
import { CsvError, parse } from 'csv-parse/sync';
import { ImportFileError } from './read';

export interface CsvTable {
  header: string[];
  /** Data records (blank lines skipped), each with the 1-based line it starts on. */
  records: { line: number; cells: string[] }[];
}

const LINE_BREAKS = /\r\n|\r|\n/g;

/** Parses a whole CSV text; `file` names it in errors. */
export function readCsv(text: string, file: string): CsvTable {
  // Records as they arrive, each with its line; the last one's end line lets an error name
  // where the record it stopped in began.
  const all: { line: number; cells: string[] }[] = [];
  let lastEnd = 0;
  try {
    parse(text, {
      bom: true,
      skip_empty_lines: true,
      // Any mix of line ends; csv-parse otherwise takes the first one it sees as the only one.
      record_delimiter: ['\r\n', '\n', '\r'],
      on_record: (cells, context) => {
        lastEnd = context.lines;
        // A record ends on context.lines; line breaks inside its quoted fields put its start earlier.
        all.push({ line: context.lines - cells.reduce((n, c) => n + (c.match(LINE_BREAKS)?.length ?? 0), 0), cells });
        return cells;
      }
    });
  } catch (e) {
    if (e instanceof CsvError) throw new ImportFileError(`${file}: ${describe(e, lastEnd)}`);
    throw e;
  }
  const [head, ...records] = all;
  return { header: head?.cells ?? [], records };
}

/** csv-parse's error as a sentence with the line and the 1-based column (field) it is in. */
function describe(e: CsvError, lastEnd: number): string {
  const err = e as CsvError & { lines?: number; column?: number | string; record?: string[] };
  const column = typeof err.column === 'number' ? err.column + 1 : undefined;
  const at = (line: number | undefined) => `line ${line ?? '?'}${column !== undefined ? `, column ${column}` : ''}`;
  switch (e.code) {
    case 'INVALID_OPENING_QUOTE':
      return `${at(err.lines)}: a quote inside an unquoted field (quote the whole field and double the quote: "5"" screen")`;
    case 'CSV_INVALID_CLOSING_QUOTE':
      return `${at(err.lines)}: text after a closing quote (a quote inside a quoted field is written twice)`;
    case 'CSV_QUOTE_NOT_CLOSED':
      return `line ${lastEnd + 1}: a quoted field opened in this record is never closed (the file ends at line ${err.lines ?? '?'})`;
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH':
    case 'CSV_RECORD_INCONSISTENT_COLUMNS':
      return `line ${err.lines ?? '?'}: ${err.record?.length ?? '?'} fields where the header has ${e.message.match(/expect (\d+)/)?.[1] ?? 'another number'}`;
    default:
      return `${at(err.lines)}: ${e.message}`;
  }
}

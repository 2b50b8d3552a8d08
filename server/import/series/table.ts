// A CSV file as the series recipes see it: the header and each record with the line it starts
// on, parsed in Node (the same RFC 4180 reader the seed tables use) so that a recipe works
// the same through a server, straight into a database, or at start against a ClickHouse server.
import { parseCsv } from '../csv';
import { csvRecordLines } from '../read';

export interface CsvTable {
  header: string[];
  records: { line: number; cells: string[] }[];
}

export function readCsvTable(text: string): CsvTable {
  const [header, ...body] = parseCsv(text);
  // parseCsv drops blank lines; csvRecordLines counts them as records, so keep only lines whose
  // text is not blank to line the two up.
  const starts = csvRecordLines(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  const lines = text.split(/\r?\n/);
  const nonBlank = starts.filter((l) => (lines[l - 1] ?? '').trim() !== '');
  return {
    header: (header ?? []).map((h) => h.trim()),
    records: body.map((cells, i) => ({ line: nonBlank[i] ?? i + 2, cells }))
  };
}

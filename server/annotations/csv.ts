// annotations.csv: the annotations of a window as a spreadsheet reads them. Every text cell is
// quoted, and one that a spreadsheet would run as a formula is neutralised like panel exports.
import type { Annotation } from '../../src/lib/contract/annotations';
import { neutraliseCsv } from '../panels/csv-safe';

const HEADER = [
  'id',
  'version',
  'kind',
  'time',
  'time_end',
  'title',
  'text',
  'tags',
  'panels',
  'source_title',
  'source_url',
  'source_licence',
  'author',
  'origin'
];

const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
const iso = (ms: number | null) => (ms === null ? '' : q(new Date(ms).toISOString()));

export function annotationsCsv(list: readonly Annotation[]): string {
  const lines = list.map((a) =>
    [
      q(a.id),
      String(a.version),
      q(a.kind),
      iso(a.time),
      iso(a.timeEnd),
      q(a.title),
      q(a.text),
      q(a.tags.join(' ')),
      q(a.panels.join(' ')),
      q(a.source?.title ?? ''),
      q(a.source?.url ?? ''),
      q(a.source?.licence ?? ''),
      q(a.author),
      q(a.origin)
    ].join(',')
  );
  return neutraliseCsv([HEADER.map(q).join(','), ...lines].join('\n') + '\n');
}

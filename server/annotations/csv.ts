// annotations.csv: the annotations of a window as a spreadsheet reads them. Every text cell is
// quoted, and one that a spreadsheet would run as a formula is neutralised like panel exports.
import type { Annotation } from '../../src/lib/contract/annotations';
import { neutraliseCsv } from '../panels/csv-safe';
import { ANNOTATION_COLUMNS, type AnnotationColumn } from './store';

const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
const iso = (ms: number | null) => (ms === null ? '' : q(new Date(ms).toISOString()));

/** One annotation's cells by column: the record type makes a column without a cell a type error. */
function cells(a: Annotation): Record<AnnotationColumn, string> {
  return {
    id: q(a.id),
    version: String(a.version),
    kind: q(a.kind),
    time: iso(a.time),
    time_end: iso(a.timeEnd),
    title: q(a.title),
    text: q(a.text),
    tags: q(a.tags.join(' ')),
    panels: q(a.panels.join(' ')),
    source_title: q(a.source?.title ?? ''),
    source_url: q(a.source?.url ?? ''),
    source_licence: q(a.source?.licence ?? ''),
    author: q(a.author),
    origin: q(a.origin)
  };
}

export function annotationsCsv(list: readonly Annotation[]): string {
  const lines = list.map((a) => {
    const row = cells(a);
    return ANNOTATION_COLUMNS.map((c) => row[c]).join(',');
  });
  return neutraliseCsv([ANNOTATION_COLUMNS.map(q).join(','), ...lines].join('\n') + '\n');
}

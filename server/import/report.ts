// The import report for a person: what went in, what was there already, what was left out and why.
import type { ImportReport } from './run';

export function describeReport(r: ImportReport): string {
  const lines = [
    `${r.file} (${r.recipe ? `${r.format}, recipe ${r.recipe}` : r.format}) -> ${r.stream} via ${r.via === 'http' ? `the server at ${r.target}` : `the database at ${r.target}`}`,
    `  records in the file: ${r.records}`,
    `  imported: ${r.imported} rows${r.already_imported > 0 ? `; already there from an earlier import of this file: ${r.already_imported}` : ''} (${r.batches} batch${r.batches === 1 ? '' : 'es'})`
  ];
  const skipped = Object.entries(r.skipped);
  if (skipped.length > 0) {
    const total = skipped.reduce((a, [, n]) => a + n, 0);
    lines.push(`  skipped: ${total} (${skipped.map(([k, n]) => `${k} ${n}`).join(', ')})`);
  }
  if (r.units)
    lines.push(
      `  dataset-size units: ${Object.entries(r.units)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ')}`
    );
  return `${lines.join('\n')}\n`;
}

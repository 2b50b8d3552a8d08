import type { Engine } from '../engine/engine';
import { neutraliseCsv } from './csv-safe';
import type { PanelDef, View } from './definition';

export const EXPORT_FORMATS = ['json', 'csv', 'parquet'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const CH_FORMAT = { csv: 'CSVWithNames', parquet: 'Parquet' } as const;
const CONTENT_TYPE = { csv: 'text/csv; charset=utf-8', parquet: 'application/vnd.apache.parquet' } as const;

/**
 * A panel's rows in a file format, written by ClickHouse itself (its CSV and Parquet writers
 * know the column types; CSV text cells are then made safe to open in a spreadsheet), with a file name that says what and when: panel, window, grain.
 */
export async function exportPanel(engine: Engine, def: PanelDef, view: View, format: 'csv' | 'parquet', tag: string) {
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace(/[:T]/g, '');
  const filename = `${def.info.id.replace('.', '_')}_${day(view.fromMs)}_${day(view.toMs)}_${view.grain}.${format}`;
  let body: Buffer;
  if (def.kind === 'sql') {
    const q = def.build(view);
    body = await engine.bytes(`${q.sql}\nFORMAT ${CH_FORMAT[format]}`, { tag, params: q.params, timeoutS: 30 });
  } else {
    // Computed panels have no SQL of their own: their rows go back through ClickHouse's
    // writer via the format table function, so CSV and Parquet come out the same way. The
    // structure comes from the panel's columns rather than ClickHouse's guess, which fails on
    // an empty result and on a large number after small ones.
    const rows = await def.compute(engine, view, tag);
    const cols = def.info.columns;
    for (const c of cols) if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(c.name)) throw new Error(`column name ${c.name} is not an identifier`);
    const typeOf = (role: string) => (role === 'time' ? 'Nullable(Int64)' : role === 'measure' ? 'Nullable(Float64)' : 'Nullable(String)');
    const structure = cols.map((c) => `${c.name} ${typeOf(c.role)}`).join(', ');
    // format() cannot read an empty input, so no rows is a typed SELECT that returns none.
    const sql =
      rows.length === 0
        ? `SELECT ${cols.map((c) => `CAST(NULL AS ${typeOf(c.role)}) AS ${c.name}`).join(', ')} WHERE 0`
        : `SELECT ${cols.map((c) => c.name).join(', ')} FROM format(JSONEachRow, '${structure}', {data:String})`;
    const params = rows.length === 0 ? {} : { data: rows.map((r) => JSON.stringify(r)).join('\n') };
    body = await engine.bytes(`${sql} FORMAT ${CH_FORMAT[format]}`, { tag, params, timeoutS: 30 });
  }
  if (format === 'csv') body = Buffer.from(neutraliseCsv(body.toString('utf8')));
  return { body, filename, contentType: CONTENT_TYPE[format] };
}

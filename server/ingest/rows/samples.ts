import { gzipBytes } from '../../diversity/metrics';
import { fieldsOf, type RowContract } from './contract';
import * as f from './fields';
import type { RowSpec } from './spec';

const FIELDS: RowContract = {
  ts: { kind: 'time', required: true },
  model_family: { kind: 'label', required: true },
  model: { kind: 'label', required: true },
  generation: { kind: 'uint', max: 65535, required: true },
  text: { kind: 'text', max: 1_000_000, empty: 'refused', required: true },
  synthetic_fraction: { kind: 'unit-interval', single: true, required: false, value: null },
  prompt_id: { kind: 'text', max: 200, empty: 'refused', required: false, value: '' }
};
const KNOWN = fieldsOf(FIELDS);

export const samples: RowSpec = {
  // gzip_bytes is not a field producers send: each text's gzip size is computed here, once, for
  // the compression-ratio rollups (ClickHouse has no gzip in SQL). So every row is rewritten.
  fields: FIELDS,
  columns: [...KNOWN, 'gzip_bytes'],
  check(r) {
    f.onlyKnown(r, KNOWN);
    const ts = f.time('ts', r.ts);
    const generation = f.uint('generation', r.generation, 65535);
    const values = {
      ts,
      model_family: f.label('model_family', r.model_family),
      model: f.label('model', r.model),
      generation,
      synthetic_fraction: f.unitInterval('synthetic_fraction', r.synthetic_fraction),
      prompt_id: r.prompt_id === undefined || r.prompt_id === null ? '' : f.text('prompt_id', r.prompt_id, 200),
      text: f.text('text', r.text, 1_000_000)
    };
    return { time: ts, rewrite: { ...values, gzip_bytes: gzipBytes(values.text) } };
  }
};

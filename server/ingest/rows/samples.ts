import { gzipBytes } from '../../diversity/metrics';
import * as f from './fields';
import type { RowSpec } from './spec';

const KNOWN = new Set(['ts', 'model_family', 'model', 'generation', 'text', 'synthetic_fraction', 'prompt_id']);

export const samples: RowSpec = {
  // gzip_bytes is not a field producers send: each text's gzip size is computed here, once, for
  // the compression-ratio rollups (ClickHouse has no gzip in SQL). So every row is rewritten.
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

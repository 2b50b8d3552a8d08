import * as f from './fields';
import type { RowSpec } from './spec';

const KNOWN = new Set(['ts', 'model_family', 'model', 'generation', 'text', 'synthetic_fraction', 'prompt_id']);

export const samples: RowSpec = {
  columns: ['ts', 'model_family', 'model', 'generation', 'synthetic_fraction', 'prompt_id', 'text'],
  check(r) {
    f.onlyKnown(r, KNOWN);
    return [
      f.time('ts', r.ts),
      f.label('model_family', r.model_family),
      f.label('model', r.model),
      f.uint('generation', r.generation, 65535),
      f.unitInterval('synthetic_fraction', r.synthetic_fraction),
      r.prompt_id === undefined || r.prompt_id === null ? '' : f.text('prompt_id', r.prompt_id, 200),
      f.text('text', r.text, 1_000_000)
    ];
  },
  timeOf: (values) => values[0] as number
};

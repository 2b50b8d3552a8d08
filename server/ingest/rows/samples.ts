import * as f from './fields';
import type { RowSpec } from './spec';

const KNOWN = new Set(['ts', 'model_family', 'model', 'generation', 'text', 'synthetic_fraction', 'prompt_id']);

export const samples: RowSpec = {
  columns: [...KNOWN],
  check(r, line) {
    f.onlyKnown(r, KNOWN);
    const ts = f.time('ts', r.ts);
    const generation = f.uint('generation', r.generation, 65535);
    const exact =
      (typeof r.ts !== 'number' || (Number.isInteger(r.ts) && f.plainInteger(line, 'ts', r.ts))) &&
      f.plainInteger(line, 'generation', generation) &&
      r.prompt_id !== null;
    const values = {
      ts,
      model_family: f.label('model_family', r.model_family),
      model: f.label('model', r.model),
      generation,
      synthetic_fraction: f.unitInterval('synthetic_fraction', r.synthetic_fraction),
      prompt_id: r.prompt_id === undefined || r.prompt_id === null ? '' : f.text('prompt_id', r.prompt_id, 200),
      text: f.text('text', r.text, 1_000_000)
    };
    return { time: ts, rewrite: exact ? null : values };
  }
};

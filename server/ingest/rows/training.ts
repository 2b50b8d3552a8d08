import * as f from './fields';
import type { RowSpec } from './spec';

const KNOWN = new Set(['model', 'published', 'training_tokens', 'organization', 'parameters', 'compute_flop', 'source']);

/** imported_at is set by the server: the newest import of a model wins (ReplacingMergeTree version). */
export const training: RowSpec = {
  columns: ['model', 'organization', 'published', 'training_tokens', 'parameters', 'compute_flop', 'source', 'imported_at'],
  check(r) {
    f.onlyKnown(r, KNOWN);
    return [
      f.text('model', r.model, 300),
      r.organization === undefined || r.organization === null ? '' : f.text('organization', r.organization, 300),
      f.date('published', r.published),
      f.positive('training_tokens', r.training_tokens),
      f.optionalPositive('parameters', r.parameters),
      f.optionalPositive('compute_flop', r.compute_flop),
      r.source === undefined || r.source === null ? 'api' : f.text('source', r.source, 300),
      Date.now()
    ];
  },
  timeOf: (values) => Date.parse(values[2] as string)
};

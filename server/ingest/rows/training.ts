import { TRAINING_BOUNDS } from '../../../src/lib/contract/bounds';
import { fieldsOf, type RowContract } from './contract';
import * as f from './fields';
import type { RowSpec } from './spec';

const FIELDS: RowContract = {
  model: { kind: 'text', max: 300, empty: 'refused', required: true },
  published: { kind: 'utc-date', required: true },
  training_tokens: { kind: 'positive', max: TRAINING_BOUNDS.training_tokens, required: true },
  organization: { kind: 'text', max: 300, empty: 'refused', required: false, value: '' },
  parameters: { kind: 'positive', max: TRAINING_BOUNDS.parameters, required: false, value: null },
  compute_flop: { kind: 'positive', max: TRAINING_BOUNDS.compute_flop, required: false, value: null },
  source: { kind: 'text', max: 300, empty: 'refused', required: false, value: 'api' }
};
const KNOWN = fieldsOf(FIELDS);

/**
 * Always rewritten: `published` is normalised to a calendar date (ClickHouse would read epoch
 * milliseconds as days), and imported_at is set here, so the newest import of a model wins
 * (the ReplacingMergeTree version). Training runs are few; the cost does not matter.
 */
export const training: RowSpec = {
  fields: FIELDS,
  columns: [...KNOWN, 'imported_at'],
  check(r) {
    f.onlyKnown(r, KNOWN);
    const published = f.date('published', r.published);
    return {
      time: Date.parse(published),
      rewrite: {
        model: f.text('model', r.model, 300),
        organization: r.organization === undefined || r.organization === null ? '' : f.text('organization', r.organization, 300),
        published,
        training_tokens: f.positive('training_tokens', r.training_tokens, TRAINING_BOUNDS.training_tokens),
        parameters: f.optionalPositive('parameters', r.parameters, TRAINING_BOUNDS.parameters),
        compute_flop: f.optionalPositive('compute_flop', r.compute_flop, TRAINING_BOUNDS.compute_flop),
        source: r.source === undefined || r.source === null ? 'api' : f.text('source', r.source, 300),
        imported_at: Date.now()
      }
    };
  }
};

import { TRAINING_BOUNDS } from '../../../src/lib/contract/bounds';
import * as f from './fields';
import type { RowSpec } from './spec';

const KNOWN = new Set(['model', 'published', 'training_tokens', 'organization', 'parameters', 'compute_flop', 'source']);

/**
 * Always rewritten: `published` is normalised to a calendar date (ClickHouse would read epoch
 * milliseconds as days), and imported_at is set here, so the newest import of a model wins
 * (the ReplacingMergeTree version). Training runs are few; the cost does not matter.
 */
export const training: RowSpec = {
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

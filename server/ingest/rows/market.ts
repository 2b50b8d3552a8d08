import { MARKET_CATEGORIES, type MarketCategory } from '../../../src/lib/contract/streams';
import * as f from './fields';
import type { RowSpec } from './spec';

const KNOWN = new Set(['ts', 'platform', 'category', 'posting_id', 'region', 'budget_usd', 'hourly', 'bids', 'mentions_ai', 'status']);
const CATEGORY = new Set<MarketCategory>(MARKET_CATEGORIES);

export const market: RowSpec = {
  columns: ['ts', 'posting_id', 'platform', 'category', 'region', 'budget_usd', 'hourly', 'bids', 'mentions_ai', 'status'],
  check(r) {
    f.onlyKnown(r, KNOWN);
    return [
      f.time('ts', r.ts),
      f.text('posting_id', r.posting_id, 200),
      f.label('platform', r.platform),
      f.oneOf('category', r.category, CATEGORY),
      f.optionalLabel('region', r.region, 'unknown'),
      f.optionalNonNegative('budget_usd', r.budget_usd),
      f.optionalBool('hourly', r.hourly, false),
      f.optionalUint('bids', r.bids, 4294967295, 0),
      f.optionalBool('mentions_ai', r.mentions_ai, false),
      f.optionalLabel('status', r.status, 'posted')
    ];
  },
  timeOf: (values) => values[0] as number
};

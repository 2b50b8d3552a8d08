import { MARKET_CATEGORIES, type MarketCategory } from '../../../src/lib/contract/streams';
import * as f from './fields';
import type { RowSpec } from './spec';

const KNOWN = new Set(['ts', 'platform', 'category', 'posting_id', 'region', 'budget_usd', 'hourly', 'bids', 'mentions_ai', 'status']);
const CATEGORY = new Set<MarketCategory>(MARKET_CATEGORIES);

export const market: RowSpec = {
  columns: [...KNOWN],
  check(r, line) {
    f.onlyKnown(r, KNOWN);
    const ts = f.time('ts', r.ts);
    const bids = f.optionalUint('bids', r.bids, 4294967295, 0);
    const exact =
      (typeof r.ts !== 'number' || (Number.isInteger(r.ts) && f.plainInteger(line, 'ts', r.ts))) &&
      (r.bids === undefined || f.plainInteger(line, 'bids', bids)) &&
      r.region !== null &&
      r.hourly !== null &&
      r.bids !== null &&
      r.mentions_ai !== null &&
      r.status !== null;
    const values = {
      ts,
      posting_id: f.text('posting_id', r.posting_id, 200),
      platform: f.label('platform', r.platform),
      category: f.oneOf('category', r.category, CATEGORY),
      region: f.optionalLabel('region', r.region, 'unknown'),
      budget_usd: f.optionalNonNegative('budget_usd', r.budget_usd),
      hourly: f.optionalBool('hourly', r.hourly, false),
      bids,
      mentions_ai: f.optionalBool('mentions_ai', r.mentions_ai, false),
      status: f.optionalLabel('status', r.status, 'posted')
    };
    return { time: ts, rewrite: exact ? null : values };
  }
};

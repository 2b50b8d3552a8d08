import { MARKET_CATEGORIES, type MarketCategory } from '../../../src/lib/contract/streams';
import { fieldsOf, type RowContract } from './contract';
import * as f from './fields';
import type { RowSpec } from './spec';

const FIELDS: RowContract = {
  ts: { kind: 'time', required: true },
  platform: { kind: 'label', required: true },
  category: { kind: 'one-of', values: MARKET_CATEGORIES, required: true },
  posting_id: { kind: 'text', max: 200, empty: 'refused', required: true },
  region: { kind: 'label', required: false, value: 'unknown' },
  budget_usd: { kind: 'non-negative', required: false, value: null },
  hourly: { kind: 'bool', required: false, value: false },
  bids: { kind: 'uint', max: 4294967295, required: false, value: 0 },
  mentions_ai: { kind: 'bool', required: false, value: false },
  status: { kind: 'label', required: false, value: 'posted' }
};
const KNOWN = fieldsOf(FIELDS);
const CATEGORY = new Set<MarketCategory>(MARKET_CATEGORIES);

export const market: RowSpec = {
  fields: FIELDS,
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

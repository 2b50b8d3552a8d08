import type { Stream } from '../../../src/lib/contract/streams';
import { crawl } from './crawl';
import { market } from './market';
import { samples } from './samples';
import { series } from './series';
import type { RowSpec } from './spec';
import { training } from './training';

export const ROW_SPECS: Record<Stream, RowSpec> = { crawl, market, samples, training, series };
export { RowError } from './fields';
export type { RowSpec } from './spec';

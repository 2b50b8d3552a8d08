import type { PanelDef } from '../definition';
import { postingsIndex } from './market-index';
import { byRegion } from './market-region';
import { rates } from './market-rates';
import { aiMentions, bids } from './market-series';

/** The market panels, in catalogue order. */
export const MARKET_PANELS: PanelDef[] = [postingsIndex, rates, aiMentions, bids, byRegion];

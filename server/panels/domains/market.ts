import type { PanelDef } from '../definition';

/** The market panels, in catalogue order. */
export const MARKET_PANELS: PanelDef[] = [];

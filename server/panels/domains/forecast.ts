import type { PanelDef } from '../definition';

/** The forecast panels, in catalogue order. */
export const FORECAST_PANELS: PanelDef[] = [];

import type { PanelDef } from '../definition';

/** The diversity panels, in catalogue order. */
export const DIVERSITY_PANELS: PanelDef[] = [];

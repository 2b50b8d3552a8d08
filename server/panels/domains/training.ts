import type { PanelDef } from '../definition';

/** The training panels, in catalogue order. */
export const TRAINING_PANELS: PanelDef[] = [];

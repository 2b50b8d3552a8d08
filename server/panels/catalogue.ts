import { PANEL_IDS, type PanelId, type PanelInfo } from '../../src/lib/contract/panels';
import type { PanelDef } from './definition';
import { withStudies } from './studies';
import { DIVERSITY_PANELS } from './domains/diversity';
import { FORECAST_PANELS } from './domains/forecast';
import { MARKET_PANELS } from './domains/market';
import { PROVENANCE_PANELS } from './domains/provenance';
import { PUBLISHED_PANELS } from './domains/published';
import { TRAINING_PANELS } from './domains/training';

/**
 * Every panel the server can answer, by id. Adding a panel means adding its id to the contract
 * and its definition to its domain's list; the hub, REST routes and catalogue endpoint pick it up.
 */
const DEFS: PanelDef[] = [
  ...PROVENANCE_PANELS,
  ...MARKET_PANELS,
  ...DIVERSITY_PANELS,
  ...TRAINING_PANELS,
  ...FORECAST_PANELS,
  ...PUBLISHED_PANELS
];

// Each definition with the studies it rests on named (studies.ts).
export const CATALOGUE: ReadonlyMap<PanelId, PanelDef> = new Map(DEFS.map((d) => [d.info.id, { ...d, info: withStudies(d.info) }]));

export function panelInfos(): PanelInfo[] {
  return PANEL_IDS.flatMap((id) => {
    const d = CATALOGUE.get(id);
    return d ? [d.info] : [];
  });
}

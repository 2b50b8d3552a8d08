import { PANEL_IDS, type PanelId, type PanelInfo } from '../../src/lib/contract/panels';
import type { PanelDef } from './definition';
import { aiShare } from './domains/provenance';

/**
 * Every panel the server can answer, by id. Adding a panel means adding its id to the contract
 * and its definition here; the hub, REST routes and catalogue endpoint pick it up.
 */
const DEFS: PanelDef[] = [aiShare];

export const CATALOGUE: ReadonlyMap<PanelId, PanelDef> = new Map(DEFS.map((d) => [d.info.id, d]));

export function panelInfos(): PanelInfo[] {
  return PANEL_IDS.flatMap((id) => {
    const d = CATALOGUE.get(id);
    return d ? [d.info] : [];
  });
}

import type { PanelInfo } from '../contract/panels';
import { getJSON } from './http';

/**
 * The panel catalogue from GET /api/panels, loaded once per page and shared. Pages draw from the
 * metadata (columns, chart kind), so a panel the server adds shows up without front-end code.
 * A failed load retries with backoff: a wall that loads while the server restarts still fills in.
 */
export const catalogue = $state({
  panels: [] as PanelInfo[],
  loaded: false,
  error: ''
});

let started = false;

export function loadCatalogue(): void {
  if (started) return;
  started = true;
  let delay = 1000;
  const attempt = () => {
    getJSON<{ panels: PanelInfo[] }>('/api/panels')
      .then((r) => {
        catalogue.panels = r.panels;
        catalogue.loaded = true;
        catalogue.error = '';
      })
      .catch((e: unknown) => {
        catalogue.error = (e as Error).message;
        setTimeout(attempt, delay);
        delay = Math.min(delay * 2, 30_000);
      });
  };
  attempt();
}

export function panelInfo(id: string): PanelInfo | undefined {
  return catalogue.panels.find((p) => p.id === id);
}

export { DOMAINS, domainOf } from '../shared/domains';

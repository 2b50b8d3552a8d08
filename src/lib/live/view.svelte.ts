import { untrack } from 'svelte';
import { subscriptionKey, type PanelFilters } from '../contract/filters';
import type { PanelId } from '../contract/panels';
import type { PanelData } from '../contract/socket';
import { watch } from './client.svelte';

interface ViewArgs {
  panel: PanelId;
  filters: PanelFilters;
  /** False while the panel is not in the server's catalogue: nothing to subscribe to. */
  enabled?: boolean;
}

/** A first answer normally comes within a second; past this the box says it is still waiting. */
const SLOW_MS = 12_000;

/**
 * One live view for a component: subscribes while the component lives and re-subscribes only
 * when the view (panel plus canonical filters) really changes. Rows are kept in $state.raw and
 * replaced whole on each update, so a long-running screen holds one result per view, never a
 * growing history.
 */
export class LiveView {
  data: PanelData | null = $state.raw(null);
  error = $state('');
  slow = $state(false);

  constructor(args: () => ViewArgs) {
    const key = $derived.by(() => {
      const a = args();
      return a.enabled === false ? '' : subscriptionKey(a.panel, a.filters);
    });
    $effect(() => {
      const k = key;
      this.data = null;
      this.error = '';
      this.slow = false;
      if (!k) return;
      const a = untrack(args);
      const timer = setTimeout(() => (this.slow = this.data === null), SLOW_MS);
      const stop = watch(
        a.panel,
        a.filters,
        (d) => {
          this.data = d;
          this.error = '';
          this.slow = false;
        },
        (msg) => (this.error = msg)
      );
      return () => {
        clearTimeout(timer);
        stop();
      };
    });
  }
}

// The design budget (DESIGN.md, "Performance budget", for this 2-core machine): the one set of
// targets docs/PERFORMANCE.md measures every benchmark against. Change a budget there first.
export const BUDGETS = {
  /** Ingest over HTTP against chDB's own insert of the same bytes into the same tables: at least this... */
  ingestVsChdbMin: 0.6,
  /** ...and the goal. */
  ingestVsChdbGoal: 0.7,
  /** Every panel, computed ones included, over 50 million crawl rows and 100,000 samples: p95, ms. */
  panelP95Ms: 25,
  /** Socket fan-out (5,000 clients on 15 panels): delivery p99, ms. */
  fanoutP99Ms: 250,
  /** An accepted write to the update at a subscribed client: p95, ms. */
  ingestToScreenP95Ms: 250,
  /** A write on one server of a fleet to a screen on another: p95, ms. */
  fleetP95Ms: 250,
  /** The Epoch forecast, 100,000 draws (the API's default), ms. */
  forecastMs: 20,
  /** The wall display: first data on screen, ms. */
  wallFirstDataMs: 1_000
} as const;

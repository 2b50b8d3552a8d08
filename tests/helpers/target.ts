// Which engine a test run is aimed at. `npm test` runs the integration suite twice: the embedded
// pass sets CLICKHOUSE_URL to an empty string, the second pass to the HTTP harness's address.
// Every suite asks here, so no spelling of the check can take the empty string for a server and
// skip a suite in both passes.

/** The ClickHouse server named by CLICKHOUSE_URL, or undefined for the embedded engine. */
export function clickhouseServer(): string | undefined {
  const url = process.env.CLICKHOUSE_URL;
  return url ? url : undefined;
}

/** Whether this run is aimed at a ClickHouse server rather than the embedded engine. */
export function onServer(): boolean {
  return clickhouseServer() !== undefined;
}

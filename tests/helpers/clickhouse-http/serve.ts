// Runs the ClickHouse HTTP harness until SIGTERM or SIGINT; prints its URL as the first line.
// scripts/test.mjs starts it for the integration suite's second run (CLICKHOUSE_URL=<url>).
import { startClickHouseHttp } from './index';

const harness = await startClickHouseHttp();
process.stdout.write(`${harness.url}\n`);
const stop = (): void => {
  void harness.stop().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

// Runs read queries on a data directory in a process of its own (chDB binds one directory per
// process, and the test process already holds another) and prints the first row of each as one
// JSON line. Queries come as a JSON array in SQL_JSON.
import { embeddedConfig, openEngine } from '../../server/engine/engine';

const engine = await openEngine(embeddedConfig(process.env.CHDB_PATH ?? ''));
try {
  const out: unknown[] = [];
  for (const sql of JSON.parse(process.env.SQL_JSON ?? '[]') as string[]) {
    const [row] = await engine.rows<Record<string, unknown>>(sql, { tag: 'test.child-sql' });
    out.push(row ?? null);
  }
  process.stdout.write(JSON.stringify(out) + '\n');
} finally {
  await engine.close();
}

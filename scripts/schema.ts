// `npm run schema -- [--cluster NAME]`: the DDL the migrations would run, rendered for one server
// or for a cluster, as a ';'-terminated script an operator can review or apply by hand
// (clickhouse-client --multiquery < schema.sql). Nothing is connected to or changed.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { MIGRATION_STEPS } from '../server/engine/migration-steps';
import { bookkeepingStatements, readMigrations, renderMigrations } from '../server/engine/migrations';
import { projectRoot } from '../server/paths';

const { values } = parseArgs({ options: { cluster: { type: 'string' } } });
const cluster = values.cluster;
if (cluster !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(cluster)) {
  process.stderr.write('--cluster must be a plain identifier (letters, digits, _)\n');
  process.exit(2);
}
const out: string[] = [
  `-- Peak Data Observatory schema, ${cluster ? `cluster ${cluster}` : 'one server'}, from clickhouse/migrations.`,
  '-- The server applies these itself at start; record what you apply by hand in schema_migrations.',
  `${bookkeepingStatements(cluster).record};`
];
for (const m of renderMigrations(readMigrations(join(projectRoot(), 'clickhouse', 'migrations')), cluster)) {
  out.push(`-- ${String(m.version).padStart(4, '0')}_${m.name} (checksum ${m.checksum})`);
  for (const s of m.statements) out.push(`${s};`);
  // Not SQL: the server does it in Node after the statements above; by hand, start the server once.
  const step = MIGRATION_STEPS.get(m.version);
  if (step) out.push(`-- then, in Node (the server does this; it is no SQL): ${step.describe(cluster)}`);
}
process.stdout.write(out.join('\n\n') + '\n');

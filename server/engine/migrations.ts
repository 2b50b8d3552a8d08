import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine } from './engine';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

/** Files are `NNNN_name.sql`, one change each, applied in version order. */
export function readMigrations(dir: string): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const sql = readFileSync(join(dir, file), 'utf8');
      return {
        version: Number(file.slice(0, 4)),
        name: file.slice(5, -4),
        sql,
        checksum: createHash('sha256').update(sql).digest('hex').slice(0, 16)
      };
    });
}

/** `${ON_CLUSTER}` in a migration becomes `ON CLUSTER name` when a cluster is configured. */
export function renderMigration(sql: string, cluster: string | undefined): string {
  return sql.replaceAll('${ON_CLUSTER}', cluster ? `ON CLUSTER ${cluster}` : '');
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

/**
 * Applies the migrations not yet recorded in schema_migrations, in order. A recorded migration
 * whose file has since changed stops the start: the database no longer matches the code, and
 * guessing which is right is worse than saying so.
 */
export async function migrate(engine: Engine, dir: string, cluster?: string): Promise<{ applied: string[] }> {
  const onCluster = cluster ? `ON CLUSTER ${cluster}` : '';
  await engine.command(
    `CREATE TABLE IF NOT EXISTS schema_migrations ${onCluster} (version UInt32, name String, checksum String, applied_at DateTime64(3, 'UTC')) ENGINE = ReplacingMergeTree(applied_at) ORDER BY version`,
    { tag: 'migrate.bootstrap' }
  );
  const done = await engine.rows<{ version: number; checksum: string; name: string }>(
    'SELECT version, argMax(checksum, applied_at) AS checksum, argMax(name, applied_at) AS name FROM schema_migrations GROUP BY version',
    { tag: 'migrate.list' }
  );
  const byVersion = new Map(done.map((d) => [Number(d.version), d]));
  const applied: string[] = [];
  for (const m of readMigrations(dir)) {
    const prior = byVersion.get(m.version);
    if (prior) {
      if (prior.checksum !== m.checksum) {
        throw new MigrationError(
          `migration ${String(m.version).padStart(4, '0')}_${m.name} was changed after it was applied; add a new migration instead`
        );
      }
      continue;
    }
    await engine.command(renderMigration(m.sql, cluster), { tag: `migrate.${m.version}`, timeoutS: 300 });
    await engine.command(
      "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ({version:UInt32}, {name:String}, {checksum:String}, fromUnixTimestamp64Milli({at:Int64}, 'UTC'))",
      { tag: 'migrate.record', params: { version: m.version, name: m.name, checksum: m.checksum, at: Date.now() } }
    );
    applied.push(`${String(m.version).padStart(4, '0')}_${m.name}`);
  }
  return { applied };
}

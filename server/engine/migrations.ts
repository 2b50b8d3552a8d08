import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLUSTER_WIDE_REPLICA_ARGS, newSchemaState, renderMigration } from './cluster-schema';
import type { Engine } from './engine';
import { EngineError } from './errors';
import { MIGRATION_STEPS } from './migration-steps';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** Of the file's text as written, never of a rendering: a database keeps its record whatever the cluster setting. */
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

interface RenderedMigration extends Migration {
  /** The statements that apply it, in order (a sharded table is two: local and Distributed). */
  statements: string[];
}

/** Every migration rendered for one server (no cluster) or for the named cluster. */
export function renderMigrations(migrations: readonly Migration[], cluster: string | undefined): RenderedMigration[] {
  const state = newSchemaState();
  return migrations.map((m) => ({ ...m, statements: renderMigration(m.sql, m.version, cluster, state) }));
}

/** The bookkeeping tables' DDL: the record of applied migrations and the lock. */
export function bookkeepingStatements(cluster: string | undefined): { record: string; lock: string } {
  const on = cluster ? ` ON CLUSTER ${cluster}` : '';
  // On a cluster every node holds the whole record (one replica set over all shards), so a
  // server behind any node sees what was applied and never runs a migration again.
  const engine = cluster ? `ReplicatedReplacingMergeTree(${CLUSTER_WIDE_REPLICA_ARGS}, applied_at)` : 'ReplacingMergeTree(applied_at)';
  return {
    record: `CREATE TABLE IF NOT EXISTS schema_migrations${on} (version UInt32, name String, checksum String, applied_at DateTime64(3, 'UTC')) ENGINE = ${engine} ORDER BY version`,
    // No IF NOT EXISTS: creating a table is atomic, so of servers starting together exactly one
    // succeeds; the others get TABLE_ALREADY_EXISTS and wait.
    lock: `CREATE TABLE schema_migrations_lock${on} (holder String) ENGINE = Memory`
  };
}

class MigrationError extends Error {
  override name = 'MigrationError';
}

interface MigrateOptions {
  /** @default Date.now */
  now?: () => number;
  /** Waits between looks at a lock another server holds. @default a 250 ms timer */
  pause?: () => Promise<void>;
  /**
   * A lock whose holder has recorded nothing for this long is taken to be left by a server that
   * died while migrating, and is removed. @default 15 minutes (three of the longest statement's limits)
   */
  staleAfterMs?: number;
}

const TABLE_ALREADY_EXISTS = '57';

/**
 * Applies the migrations not yet recorded in schema_migrations, in order, under a lock: of
 * servers starting together one migrates, the others wait for it and then find nothing left to
 * do. A recorded migration whose file has since changed stops the start: the database no longer
 * matches the code, and guessing which is right is worse than saying so.
 */
export async function migrate(engine: Engine, dir: string, cluster?: string, opts: MigrateOptions = {}): Promise<{ applied: string[] }> {
  const now = opts.now ?? Date.now;
  const pause = opts.pause ?? (() => new Promise<void>((r) => setTimeout(r, 250)));
  const staleAfter = opts.staleAfterMs ?? 15 * 60_000;
  const { record, lock } = bookkeepingStatements(cluster);
  const on = cluster ? ` ON CLUSTER ${cluster}` : '';
  await engine.command(record, { tag: 'migrate.bootstrap' });
  // Only one process opens an embedded data directory, so a lock found there was left by a
  // process that died while migrating.
  if (engine.kind === 'chdb') await engine.command('DROP TABLE IF EXISTS schema_migrations_lock', { tag: 'migrate.unlock-stale' });

  const all = renderMigrations(readMigrations(dir), cluster);
  let lastCount = -1;
  let quietSince = now();
  for (;;) {
    const done = await recorded(engine);
    const pending = checkRecorded(all, done);
    if (pending.length === 0) return { applied: [] };
    try {
      await engine.command(lock, { tag: 'migrate.lock' });
    } catch (e) {
      if (!(e instanceof EngineError && e.code === TABLE_ALREADY_EXISTS)) throw e;
      // Another server migrates. Its progress shows as new records; a lock with none for a
      // long time was left by a server that died, and is cleared.
      if (done.size !== lastCount) {
        lastCount = done.size;
        quietSince = now();
      } else if (now() - quietSince > staleAfter) {
        await engine.command(`DROP TABLE IF EXISTS schema_migrations_lock${on} SYNC`, { tag: 'migrate.unlock-stale' });
        quietSince = now();
      }
      await pause();
      continue;
    }
    try {
      // Read again under the lock: a server that held it before may have applied some.
      const pendingNow = checkRecorded(all, await recorded(engine));
      const applied: string[] = [];
      for (const m of pendingNow) {
        for (const statement of m.statements) {
          await engine.command(statement, { tag: `migrate.${m.version}`, timeoutS: 300 });
        }
        // Work in Node the migration needs (migration-steps.ts), before the record: a crash
        // in between runs the migration and its step again.
        await MIGRATION_STEPS.get(m.version)?.run(engine, cluster);
        await engine.command(
          "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ({version:UInt32}, {name:String}, {checksum:String}, fromUnixTimestamp64Milli({at:Int64}, 'UTC'))",
          { tag: 'migrate.record', params: { version: m.version, name: m.name, checksum: m.checksum, at: now() } }
        );
        applied.push(`${String(m.version).padStart(4, '0')}_${m.name}`);
      }
      return { applied };
    } finally {
      await engine.command(`DROP TABLE IF EXISTS schema_migrations_lock${on} SYNC`, { tag: 'migrate.unlock' });
    }
  }
}

async function recorded(engine: Engine): Promise<Map<number, { checksum: string; name: string }>> {
  const rows = await engine.rows<{ version: number; checksum: string; name: string }>(
    'SELECT version, argMax(checksum, applied_at) AS checksum, argMax(name, applied_at) AS name FROM schema_migrations GROUP BY version',
    { tag: 'migrate.list' }
  );
  return new Map(rows.map((d) => [Number(d.version), d]));
}

/** The migrations not yet applied; throws if an applied one has changed since. */
function checkRecorded(all: readonly RenderedMigration[], done: Map<number, { checksum: string }>): RenderedMigration[] {
  const pending: RenderedMigration[] = [];
  for (const m of all) {
    const prior = done.get(m.version);
    if (!prior) pending.push(m);
    else if (prior.checksum !== m.checksum) {
      throw new MigrationError(
        `migration ${String(m.version).padStart(4, '0')}_${m.name} was changed after it was applied; add a new migration instead`
      );
    }
  }
  return pending;
}

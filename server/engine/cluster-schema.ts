/**
 * Renders a migration's SQL for one server or for a cluster.
 *
 * One server (and the embedded engine): `${ON_CLUSTER}` disappears and the file is otherwise run
 * as written, plain MergeTree tables, exactly as databases made before cluster mode have them.
 *
 * A cluster (CLICKHOUSE_CLUSTER=name), following ClickHouse's documented layout:
 * - every MergeTree-family table `X` becomes `X_local`, Replicated…MergeTree with the Keeper path
 *   `/clickhouse/tables/{shard}/{database}/{table}` and replica `{replica}` (macros each node's
 *   config defines), created ON CLUSTER;
 * - beside it, `X` is a Distributed table over `X_local` on every node, so every query and insert
 *   the product writes (which name `X`) reads all shards and writes to one by the sharding key;
 * - materialized views read and write the local tables: each shard rolls up its own rows;
 * - ALTERs that change columns apply to both `X_local` and `X`; others (partitions, projections)
 *   to `X_local`, with the tables they copy parts from or to local as well;
 * - DROP TABLE drops both `X` and `X_local`.
 *
 * The sharding key is the hash of the table's ORDER BY key. Rows a ReplacingMergeTree collapses
 * share that key, so they meet on one shard and FINAL (applied per shard by a Distributed read)
 * stays exact: an `Idempotency-Key` record and its retry land together, as do a series point and
 * its re-import. The key is a function of the row alone, so a retried batch splits across the
 * shards exactly as the first did and each shard's insert deduplication sees the same blocks.
 */

export const LOCAL_SUFFIX = '_local';
/** Keeper path and replica name of every sharded table, filled from each node's macros. */
export const REPLICA_ARGS = "'/clickhouse/tables/{shard}/{database}/{table}', '{replica}'";
/** Tables every node holds whole (the migration record): one replica set over the cluster. */
export const CLUSTER_WIDE_REPLICA_ARGS = "'/clickhouse/tables/all/{database}/{table}', '{replica}'";

/** What the rendering has learned from earlier migrations: the MergeTree-family tables. */
interface SchemaState {
  tables: Set<string>;
}

export function newSchemaState(): SchemaState {
  return { tables: new Set() };
}

/** The text from `open` (an opening parenthesis) to its matching close, exclusive of both. */
function balanced(text: string, open: number): { inner: string; end: number } {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return { inner: text.slice(open + 1, i), end: i + 1 };
  }
  throw new Error(`unbalanced parentheses after: ${text.slice(open, open + 60)}`);
}

const CREATE_TABLE = /^CREATE TABLE IF NOT EXISTS (\w+) \$\{ON_CLUSTER\}/m;
const CREATE_VIEW = /^CREATE MATERIALIZED VIEW IF NOT EXISTS (\w+) \$\{ON_CLUSTER\} TO (\w+)/m;
const ALTER = /^ALTER TABLE (\w+) \$\{ON_CLUSTER\} ([\s\S]*)$/m;
const DROP_TABLE = /^DROP TABLE IF EXISTS (\w+) \$\{ON_CLUSTER\}\s*$/m;

/**
 * A backfill (INSERT ... SELECT) carries a deduplication token named after its migration: run
 * again after a crash cut it off before its record, it is a no-op in every table that keeps a
 * deduplication window (all Replicated tables; of the plain ones, those that set
 * non_replicated_deduplication_window).
 */
function withBackfillToken(sql: string, version: number): string {
  return sql.replace(/^(INSERT INTO \w+(?:\s*\([^)]*\))?)/m, `$1 SETTINGS insert_deduplication_token = 'migration-${version}'`);
}

/** Renders one migration; `state` carries the tables created by earlier ones. */
export function renderMigration(sql: string, version: number, cluster: string | undefined, state: SchemaState): string[] {
  return renderStatements(withBackfillToken(sql, version), cluster, state);
}

function renderStatements(sql: string, cluster: string | undefined, state: SchemaState): string[] {
  // A migration of comments alone has its work in Node (migration-steps.ts): no statement to send.
  if (sql.replace(/^\s*--.*$/gm, '').trim() === '') return [];
  const table = CREATE_TABLE.exec(sql);
  const mergeTree = table ? /ENGINE = (\w*)MergeTree\b/.exec(sql) : null;
  if (table?.[1] && mergeTree) state.tables.add(table[1]);
  const dropped = DROP_TABLE.exec(sql)?.[1];
  const shardedDrop = dropped !== undefined && state.tables.delete(dropped);
  if (!cluster) return [sql.replaceAll('${ON_CLUSTER}', '').trim()];
  const on = `ON CLUSTER ${cluster}`;
  if (dropped && shardedDrop) {
    // The Distributed table first: nothing reads the local one through it while it goes.
    return [`DROP TABLE IF EXISTS ${dropped} ${on} SYNC`, `DROP TABLE IF EXISTS ${dropped}${LOCAL_SUFFIX} ${on} SYNC`];
  }
  if (table?.[1] && mergeTree) return createSharded(sql, table[1], on, cluster);
  if (CREATE_VIEW.test(sql)) return [localRefs(sql, state).replaceAll('${ON_CLUSTER}', on).trim()];
  const alter = ALTER.exec(sql);
  if (alter?.[1] && alter[2]) {
    const target = alter[1];
    if (!state.tables.has(target)) return [localRefs(sql, state).replaceAll('${ON_CLUSTER}', on).trim()];
    // Parts move between local tables (REPLACE PARTITION ... FROM t, MOVE PARTITION ... TO TABLE t).
    const local = `ALTER TABLE ${target}${LOCAL_SUFFIX} ${on} ${localRefs(alter[2], state)}`.trim();
    // Projections and other storage changes live on the local table alone; columns on both.
    return /^\s*(ADD|DROP|MODIFY|RENAME|COMMENT) COLUMN\b/i.test(alter[2])
      ? [local, `ALTER TABLE ${target} ${on} ${alter[2]}`.trim()]
      : [local];
  }
  return [sql.replaceAll('${ON_CLUSTER}', on).trim()];
}

function createSharded(sql: string, name: string, on: string, cluster: string): string[] {
  const engineAt = sql.search(/ENGINE = \w*MergeTree\b/);
  const m = /ENGINE = (\w*)MergeTree/.exec(sql.slice(engineAt));
  const family = m?.[1] ?? '';
  let afterName = engineAt + (m?.[0].length ?? 0);
  let args = '';
  if (sql[afterName] === '(') {
    const b = balanced(sql, afterName);
    args = b.inner.trim();
    afterName = b.end;
  }
  const engine = `ENGINE = Replicated${family}MergeTree(${REPLICA_ARGS}${args ? `, ${args}` : ''})`;
  const local = (sql.slice(0, engineAt) + engine + sql.slice(afterName))
    .replace(CREATE_TABLE, `CREATE TABLE IF NOT EXISTS ${name}${LOCAL_SUFFIX} ${on}`)
    .trim();
  const distributed = `CREATE TABLE IF NOT EXISTS ${name} ${on} AS ${name}${LOCAL_SUFFIX} ENGINE = Distributed(${cluster}, currentDatabase(), ${name}${LOCAL_SUFFIX}, ${shardingKey(sql)})`;
  return [local, distributed];
}

/** cityHash64 of the table's ORDER BY key (see the file comment for why). */
export function shardingKey(createSql: string): string {
  const at = createSql.search(/^ORDER BY /m);
  if (at < 0) throw new Error('a MergeTree table without ORDER BY cannot be sharded by its key');
  const rest = createSql.slice(at + 'ORDER BY '.length);
  const key = rest.startsWith('(') ? balanced(rest, 0).inner : (/^[^\n]+/.exec(rest)?.[0] ?? '').trim();
  return `cityHash64(${key})`;
}

/**
 * Points a view's FROM, JOIN, TO and table-qualified columns at the local tables. Only those
 * positions: a bare word may be a column named like a table (series.series).
 */
function localRefs(sql: string, state: SchemaState): string {
  return sql
    .replace(/\b(FROM|JOIN|TO(?:\s+TABLE)?)(\s+)(\w+)\b/g, (all, kw: string, sp: string, t: string) =>
      state.tables.has(t) ? `${kw}${sp}${t}${LOCAL_SUFFIX}` : all
    )
    .replace(/\b(\w+)\.(?=[A-Za-z_])/g, (all, t: string) => (state.tables.has(t) ? `${t}${LOCAL_SUFFIX}.` : all));
}

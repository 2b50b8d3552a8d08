/**
 * Migration 0114's step: crawl_documents' partitions become those of crawl_documents_sites, the
 * copy 0112 wrote with each row's site. Parts are replaced, not inserted, so no materialized view
 * is fed and no rollup counts a row twice.
 *
 * It runs again in full after a crash before the migration's record, so every statement leaves
 * the same data however often it runs: REPLACE PARTITION puts the copy's parts in place of the
 * partition's (a second run replaces them with the same), and a partition the copy lacks is
 * dropped (already gone on a second run). ATTACH PARTITION ALL, which this replaces, added the
 * copy's parts to whatever was there, so a second run held every row twice.
 *
 * On a cluster both tables are sharded: the statements address the local tables on every node,
 * and each shard replaces its own partitions from its own copy. A partition one shard's copy lacks
 * is emptied there by REPLACE, which copies the source's parts of that partition (none) in place
 * of the destination's.
 */
import { LOCAL_SUFFIX } from './cluster-schema';
import type { Engine } from './engine';
import type { MigrationStep } from './migration-step';

const TABLE = 'crawl_documents';
const COPY = 'crawl_documents_sites';
// What system.parts prints as a partition id: toYYYYMM digits here, but checked, since the id is
// spliced into the statement (an ALTER takes no query parameter for it).
const PARTITION_ID = /^[A-Za-z0-9_-]{1,64}$/;

function statement(action: 'replace' | 'drop', id: string, cluster: string | undefined): string {
  const local = (t: string) => (cluster ? `${t}${LOCAL_SUFFIX}` : t);
  const on = cluster ? ` ON CLUSTER ${cluster}` : '';
  return action === 'replace'
    ? `ALTER TABLE ${local(TABLE)}${on} REPLACE PARTITION ID ${id} FROM ${local(COPY)}`
    : `ALTER TABLE ${local(TABLE)}${on} DROP PARTITION ID ${id}`;
}

/** The statements that make `TABLE`'s partitions the copy's, given both tables' partition ids. */
export function replaceStatements(copyIds: readonly string[], tableIds: readonly string[], cluster: string | undefined): string[] {
  const copy = new Set(copyIds);
  for (const id of [...copy, ...tableIds]) {
    if (!PARTITION_ID.test(id)) throw new Error(`unexpected partition id ${JSON.stringify(id)} in ${TABLE} or ${COPY}`);
  }
  return [
    ...[...copy].sort().map((id) => statement('replace', `'${id}'`, cluster)),
    ...[...new Set(tableIds)]
      .filter((id) => !copy.has(id))
      .sort()
      .map((id) => statement('drop', `'${id}'`, cluster))
  ];
}

/** The active partitions of a table, over every node of the cluster when there is one. */
async function partitionIds(engine: Engine, table: string, cluster: string | undefined): Promise<string[]> {
  const parts = cluster ? `clusterAllReplicas(${cluster}, system.parts)` : 'system.parts';
  const rows = await engine.rows<{ id: string }>(
    `SELECT DISTINCT partition_id AS id FROM ${parts} WHERE database = currentDatabase() AND table = {table:String} AND active`,
    { tag: 'migrate.114.partitions', params: { table: cluster ? `${table}${LOCAL_SUFFIX}` : table } }
  );
  return rows.map((r) => r.id);
}

export const replaceCrawlDocuments: MigrationStep = {
  describe: (cluster) =>
    `for each partition of ${COPY}: ${statement('replace', '<id>', cluster)}; then for each partition of ${TABLE} that ${COPY} lacks: ${statement('drop', '<id>', cluster)}`,
  async run(engine, cluster) {
    const statements = replaceStatements(await partitionIds(engine, COPY, cluster), await partitionIds(engine, TABLE, cluster), cluster);
    for (const sql of statements) await engine.command(sql, { tag: 'migrate.114.replace', timeoutS: 300 });
  }
};

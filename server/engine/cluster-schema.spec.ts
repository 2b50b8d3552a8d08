import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Session } from 'chdb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../paths';
import { LOCAL_SUFFIX, REPLICA_ARGS, shardingKey } from './cluster-schema';
import { replaceStatements } from './crawl-replace';
import { MIGRATION_STEPS } from './migration-steps';
import { bookkeepingStatements, readMigrations, renderMigrations } from './migrations';

const DIR = join(projectRoot(), 'clickhouse', 'migrations');
const migrations = readMigrations(DIR);
const single = renderMigrations(migrations, undefined).flatMap((m) => m.statements);
const clustered = renderMigrations(migrations, 'c1').flatMap((m) => m.statements);
/** A statement without its comment lines. */
const code = (s: string) => s.replace(/^\s*--.*$/gm, '').trim();

// The engine's own parser: formatQuery fails on anything ClickHouse would not parse.
let session: Session;
beforeAll(() => {
  session = new Session();
});
afterAll(() => session.close());
async function parses(statement: string): Promise<void> {
  await session.queryBindAsync('SELECT formatQuery({q:String})', { q: statement }, { format: 'TSV' });
}

/** Tables the product's panels read: FROM clauses and Source definitions under these folders. */
function tablesPanelsRead(): Set<string> {
  const names = new Set<string>();
  const walk = (dir: string): void => {
    for (const f of readdirSync(dir)) {
      const p = join(dir, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (f.endsWith('.ts') && !f.endsWith('.spec.ts')) {
        const text = readFileSync(p, 'utf8');
        for (const m of text.matchAll(/\bFROM\s+([a-z_]+)\b(?!\s*\()/g)) names.add(m[1] ?? '');
        for (const m of text.matchAll(/\btable: '([a-z_]+)'/g)) names.add(m[1] ?? '');
      }
    }
  };
  for (const d of ['server/panels', 'server/forecast', 'server/diversity']) walk(join(projectRoot(), d));
  return names;
}

describe('schema rendering', () => {
  it('without a cluster runs each file as written, with ${ON_CLUSTER} removed', () => {
    const plain = renderMigrations(migrations, undefined);
    for (const m of plain) {
      if (/^\s*INSERT\b/m.test(code(m.sql))) continue;
      if (code(m.sql) === '') expect(m.statements).toEqual([]);
      else expect(m.statements).toEqual([m.sql.replaceAll('${ON_CLUSTER}', '').trim()]);
    }
  });

  it('sends nothing for a migration of comments alone, whose work is a step in Node', () => {
    const empty = migrations.filter((m) => code(m.sql) === '');
    expect(empty.map((m) => m.version)).toEqual([114]);
    for (const m of empty) expect(MIGRATION_STEPS.has(m.version), m.name).toBe(true);
    for (const c of [undefined, 'c1']) {
      for (const m of renderMigrations(empty, c)) expect(m.statements).toEqual([]);
    }
  });

  it("renders 0114's replace step on local tables with ON CLUSTER, parsed by the engine, and refuses an odd partition id", async () => {
    const one = replaceStatements(['202503', '202502'], ['202501', '202503'], undefined);
    expect(one).toEqual([
      "ALTER TABLE crawl_documents REPLACE PARTITION ID '202502' FROM crawl_documents_sites",
      "ALTER TABLE crawl_documents REPLACE PARTITION ID '202503' FROM crawl_documents_sites",
      "ALTER TABLE crawl_documents DROP PARTITION ID '202501'"
    ]);
    const many = replaceStatements(['202503'], ['202501'], 'c1');
    expect(many).toEqual([
      `ALTER TABLE crawl_documents${LOCAL_SUFFIX} ON CLUSTER c1 REPLACE PARTITION ID '202503' FROM crawl_documents_sites${LOCAL_SUFFIX}`,
      `ALTER TABLE crawl_documents${LOCAL_SUFFIX} ON CLUSTER c1 DROP PARTITION ID '202501'`
    ]);
    for (const s of [...one, ...many]) await expect(parses(s), s).resolves.toBeUndefined();
    expect(() => replaceStatements(["2025' OR 1"], [], 'c1')).toThrow(/unexpected partition id/);
    expect(MIGRATION_STEPS.get(114)?.describe('c1')).toContain(
      `ON CLUSTER c1 REPLACE PARTITION ID <id> FROM crawl_documents_sites${LOCAL_SUFFIX}`
    );
  });

  it('checksums the file text, so a database keeps its record under either rendering', () => {
    const a = renderMigrations(migrations, undefined);
    const b = renderMigrations(migrations, 'c1');
    expect(a.map((m) => m.checksum)).toEqual(b.map((m) => m.checksum));
    expect(a.map((m) => m.checksum)).toEqual(migrations.map((m) => m.checksum));
  });

  it('parses every statement of both renderings with the engine parser', async () => {
    const all = [
      bookkeepingStatements(undefined).record,
      bookkeepingStatements('c1').record,
      bookkeepingStatements('c1').lock,
      ...single,
      ...clustered
    ];
    for (const s of all) await expect(parses(s), s.slice(0, 200)).resolves.toBeUndefined();
    // The check can fail: a statement the parser refuses is reported.
    await expect(parses('CREATE TABLE x ON CLUSTER c1 ENGINE =')).rejects.toThrow(/Syntax error/);
  });

  it('makes every MergeTree-family table Replicated on a cluster, with the documented Keeper path', () => {
    const creates = clustered.filter((s) => /ENGINE = \w*MergeTree\b/.test(code(s)));
    expect(creates.length).toBeGreaterThanOrEqual(25);
    for (const s of creates) {
      expect(code(s)).toMatch(/ENGINE = Replicated\w*MergeTree\(/);
      expect(code(s)).toContain(REPLICA_ARGS);
    }
    expect(bookkeepingStatements('c1').record).toMatch(/ENGINE = ReplicatedReplacingMergeTree\('\/clickhouse\/tables\/all\//);
  });

  it('puts ON CLUSTER on every statement of the cluster rendering', () => {
    for (const s of clustered.filter((x) => !/^\s*INSERT\b/m.test(code(x)))) expect(code(s), s.slice(0, 120)).toMatch(/\bON CLUSTER c1\b/);
    // Backfills go through the Distributed tables: one INSERT on one node reaches every shard.
    for (const s of clustered.filter((x) => /^\s*INSERT\b/m.test(code(x))))
      expect(code(s)).not.toMatch(new RegExp(`\\w${LOCAL_SUFFIX}\\b`));
  });

  it('has a Distributed table over every table the panels read, and views that read and write local tables', () => {
    const distributed = new Set(
      clustered.flatMap((s) => {
        const m = /^CREATE TABLE IF NOT EXISTS (\w+) ON CLUSTER c1 AS (\w+) ENGINE = Distributed\(c1, currentDatabase\(\), (\w+), /.exec(
          code(s)
        );
        return m && m[2] === m[3] && m[2] === `${m[1]}${LOCAL_SUFFIX}` ? [m[1] ?? ''] : [];
      })
    );
    const tables = new Set(single.flatMap((s) => [...(/^CREATE TABLE IF NOT EXISTS (\w+)/.exec(code(s))?.slice(1) ?? [])]));
    const read = [...tablesPanelsRead()];
    const panelTables = read.filter((t) => tables.has(t));
    expect(panelTables.length).toBeGreaterThan(15);
    for (const t of panelTables) expect(distributed, t).toContain(t);
    // What the scan found that is not a table is a CTE or a table function, named here.
    expect(read.filter((t) => !tables.has(t)).sort()).toEqual(['grouped', 'ref_words']);
    for (const s of clustered.filter((x) => /^CREATE MATERIALIZED VIEW/m.test(code(x)))) {
      expect(code(s)).toMatch(new RegExp(`TO \\w+${LOCAL_SUFFIX} AS`));
      for (const m of code(s).matchAll(/\bFROM\s+(\w+)\b/g))
        if (tables.has(m[1] ?? '')) throw new Error(`view reads ${m[1]}, not its local table`);
    }
  });

  it('shards by a hash of the ORDER BY key', () => {
    expect(shardingKey('CREATE TABLE t (a UInt8) ENGINE = MergeTree\nORDER BY (stream, idempotency_key)')).toBe(
      'cityHash64(stream, idempotency_key)'
    );
    expect(shardingKey('CREATE TABLE t (a UInt8) ENGINE = MergeTree\nORDER BY model\n')).toBe('cityHash64(model)');
    const ir = clustered.find((s) => s.startsWith('CREATE TABLE IF NOT EXISTS ingest_requests ON CLUSTER'));
    expect(ir).toMatch(/cityHash64\(stream, idempotency_key\)\)$/);
  });
});

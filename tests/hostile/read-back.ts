// Reading back what ingest stored, field by field, in the terms the contract speaks: times as
// epoch ms, dates as YYYY-MM-DD, 64-bit integers as decimal text, labels as an object. Only
// values go through query parameters; table and column names come from the contracts.
import { STREAM_TABLES, type Stream } from '../../src/lib/contract/streams';
import type { Engine } from '../../server/engine/engine';
import type { FieldContract, RowContract } from '../../server/ingest/rows/contract';

/** ReplacingMergeTree tables, read as the panels read them. */
const FINAL = new Set<string>(['training_runs', 'series']);

function columnExpr(name: string, c: FieldContract): string {
  switch (c.kind) {
    case 'time':
      return `toUnixTimestamp64Milli(${name})`;
    case 'utc-date':
    case 'written-date':
    case 'uint64':
    case 'one-of':
      return `toString(${name})`;
    default:
      return name;
  }
}

/**
 * The stored rows whose `tag` field holds one of `tags`, each as an object of every contract
 * field, keyed by the tag as the contract speaks it.
 */
export async function storedRows(
  engine: Engine,
  stream: Stream,
  contract: RowContract,
  tag: string,
  tags: (string | number)[]
): Promise<Map<string, Record<string, unknown>[]>> {
  const table = STREAM_TABLES[stream];
  const tagContract = contract[tag];
  if (!tagContract) throw new Error(`no field ${tag} in the ${stream} contract`);
  const numeric = tagContract.kind === 'time';
  const cols = Object.entries(contract).map(([name, c]) => `${columnExpr(name, c)} AS ${name}`);
  const rows = await engine.rows<Record<string, unknown>>(
    `SELECT ${cols.join(', ')} FROM ${table}${FINAL.has(table) ? ' FINAL' : ''}
     WHERE ${columnExpr(tag, tagContract)} IN {tags:Array(${numeric ? 'Int64' : 'String'})}`,
    { tag: 'test.hostile.read-back', params: { tags } }
  );
  const out = new Map<string, Record<string, unknown>[]>();
  for (const r of rows) {
    const k = String(r[tag]);
    out.set(k, [...(out.get(k) ?? []), r]);
  }
  return out;
}

/** Whether a stored value is the expected one, in the contract's terms. */
export function sameStored(c: FieldContract, stored: unknown, expected: unknown): boolean {
  if (c.kind === 'unit-interval' && c.single && typeof stored === 'number' && typeof expected === 'number')
    return Math.fround(stored) === Math.fround(expected);
  if (c.kind === 'labels') return JSON.stringify(sortKeys(stored)) === JSON.stringify(sortKeys(expected));
  if (typeof stored === 'number' && typeof expected === 'number') return stored === expected;
  return stored === expected;
}

function sortKeys(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

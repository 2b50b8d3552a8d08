// The claims table (migration 0101): one row per claim id, the newest write wins.
import type { ClaimSource, ClaimStatus } from '../../src/lib/contract/claims';
import type { PanelId } from '../../src/lib/contract/panels';
import type { Engine } from '../engine/engine';
import type { ClaimInput } from './validate';

const COLUMNS = [
  'id',
  'claim',
  'value',
  'value_high',
  'unit',
  'as_of',
  'scope',
  'source_title',
  'source_url',
  'source_publisher',
  'source_kind',
  'status',
  'panels',
  'note',
  'origin',
  'written_at'
] as const;

interface DbRow {
  id: string;
  claim: string;
  value: number | null;
  value_high: number | null;
  unit: string;
  as_of: string;
  scope: string;
  source_title: string;
  source_url: string;
  source_publisher: string;
  source_kind: string;
  status: string;
  panels: string[];
  note: string;
}

export async function listClaims(engine: Engine): Promise<ClaimInput[]> {
  const rows = await engine.rows<DbRow>(
    'SELECT id, claim, value, value_high, unit, as_of, scope, source_title, source_url, source_publisher, source_kind, status, panels, note FROM claims FINAL ORDER BY id',
    { tag: 'claims.list' }
  );
  return rows.map((r) => ({
    id: r.id,
    claim: r.claim,
    value: r.value,
    value_high: r.value_high,
    unit: r.unit,
    as_of: r.as_of,
    scope: r.scope,
    source: { title: r.source_title, url: r.source_url, publisher: r.source_publisher, kind: r.source_kind as ClaimSource['kind'] },
    status: r.status as ClaimStatus,
    panels: r.panels as PanelId[],
    note: r.note
  }));
}

/** Writes claims (a re-sent id replaces the old row). `writtenAt` orders the versions. */
export async function writeClaims(
  engine: Engine,
  claims: ClaimInput[],
  origin: 'curated' | 'ingest',
  writtenAt: number,
  dedupToken?: string
): Promise<void> {
  const body = claims
    .map((c) =>
      JSON.stringify({
        id: c.id,
        claim: c.claim,
        value: c.value,
        value_high: c.value_high,
        unit: c.unit,
        as_of: c.as_of,
        scope: c.scope,
        source_title: c.source.title,
        source_url: c.source.url,
        source_publisher: c.source.publisher,
        source_kind: c.source.kind,
        status: c.status,
        panels: c.panels,
        note: c.note,
        origin,
        written_at: new Date(writtenAt).toISOString()
      })
    )
    .join('\n');
  await engine.insertJsonEachRow('claims', COLUMNS, Buffer.from(body + '\n'), {
    tag: 'claims.write',
    ...(dedupToken ? { dedupToken } : {})
  });
}

/** Curated claims whose content differs from what the table holds: only those are written again. */
export async function syncClaims(engine: Engine, curated: ClaimInput[], now: number): Promise<number> {
  const current = new Map((await listClaims(engine)).map((c) => [c.id, JSON.stringify(c)]));
  const changed = curated.filter((c) => current.get(c.id) !== JSON.stringify(c));
  if (changed.length > 0) await writeClaims(engine, changed, 'curated', now);
  return changed.length;
}

// The record of accepted ingest requests that carried an Idempotency-Key (table
// ingest_requests): how a retry is recognised and answered without writing again. Shared by the
// NDJSON pipeline and the crawl-file endpoint.
import type { Engine } from '../engine/engine';

export class IdempotencyConflict extends Error {
  override name = 'IdempotencyConflict';
}

/** Rows of the earlier request with this key, or null; IdempotencyConflict if its body differed. */
export async function priorRequest(engine: Engine, stream: string, key: string, bodySha256: string): Promise<number | null> {
  const prior = await engine.rows<{ rows: number; body_sha256: string }>(
    'SELECT rows, body_sha256 FROM ingest_requests FINAL WHERE stream = {stream:String} AND idempotency_key = {key:String} LIMIT 1',
    { tag: `ingest.${stream}.idempotency`, params: { stream, key } }
  );
  const first = prior[0];
  if (!first) return null;
  if (first.body_sha256 !== bodySha256) throw new IdempotencyConflict('Idempotency-Key was already used for a different body');
  return Number(first.rows);
}

export async function recordRequest(engine: Engine, stream: string, key: string, bodySha256: string, rows: number): Promise<void> {
  await engine.command(
    "INSERT INTO ingest_requests (stream, idempotency_key, body_sha256, rows, accepted_at) VALUES ({stream:String}, {key:String}, {hash:String}, {rows:UInt64}, fromUnixTimestamp64Milli({at:Int64}, 'UTC'))",
    { tag: `ingest.${stream}.record`, params: { stream, key, hash: bodySha256, rows, at: Date.now() } }
  );
}

// Engine faults under a real engine: a table's files gone from under it is a 503 that names the
// engine and the kind (not a bare 500), and /api/health turns degraded with the reason. Only the
// embedded engine's files are this process's to remove, so the suite runs on chDB.
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crawlRow, ingest, startServer, type TestServer } from '../helpers/server';
import { onServer } from '../helpers/target';

let s: TestServer;
/** Data directories by table, read before any fault (a faulted engine is no place to ask). */
let paths: { name: string; p: string[] }[] = [];

beforeAll(async () => {
  if (onServer()) return;
  s = await startServer();
  expect((await ingest(s.url, 'crawl', [crawlRow(1), crawlRow(2), crawlRow(3)])).status).toBe(200);
  expect((await ingest(s.url, 'training', [{ model: 'fault-test', published: '2024-06-01', training_tokens: 1e12 }])).status).toBe(200);
  paths = await s.app.engine.rows<{ name: string; p: string[] }>(
    `SELECT name, data_paths AS p FROM system.tables WHERE database = currentDatabase()`,
    { tag: 'test.faults.paths' }
  );
});
afterAll(async () => {
  await s?.close();
});

/** Removes every data part of the tables whose names match, leaving the tables in the catalogue. */
function removeParts(name: RegExp): void {
  for (const dir of paths.filter((t) => name.test(t.name)).flatMap((t) => t.p)) {
    for (const part of readdirSync(dir)) if (/^\d/.test(part)) rmSync(join(dir, part), { recursive: true, force: true });
  }
}

describe.skipIf(onServer())('engine faults', () => {
  it('answer a read of a table whose files are gone with a 503 naming the engine and the kind, and health turns degraded', async () => {
    const before = (await (await fetch(`${s.url}/api/health`)).json()) as Record<string, unknown>;
    expect(before.status).toBe('ok');
    removeParts(/^crawl/);
    for (const path of [
      '/api/panels/provenance.ai_share?from=2025-01-01&to=2025-12-31',
      '/api/panels/provenance.ai_share?from=2025-05-01&to=2025-05-02&format=csv'
    ]) {
      const r = await fetch(`${s.url}${path}`);
      const body = (await r.json()) as Record<string, unknown>;
      expect([path, r.status, body.engine, body.kind, body.error]).toEqual([
        path,
        503,
        s.app.engine.kind,
        'storage',
        expect.stringMatching(new RegExp(`^the ${s.app.engine.kind} engine failed: storage fault`))
      ]);
    }
    const health = await fetch(`${s.url}/api/health`);
    const h = (await health.json()) as Record<string, unknown>;
    expect([health.status, h.status, h.reason, h.engine]).toEqual([200, 'degraded', 'storage fault', s.app.engine.kind]);
    expect(h.fault).toEqual(
      expect.objectContaining({ reason: 'storage fault', message: expect.stringMatching(/No such file|filesystem/) })
    );
  });

  it('answer the forecast with a 503 naming the engine and a kind when training_runs has lost its files', async () => {
    removeParts(/^training_runs$/);
    const r = await fetch(`${s.url}/api/forecast`);
    const body = (await r.json()) as Record<string, unknown>;
    // chDB may answer a read of a broken part with output the client cannot parse, which reads as
    // the engine failing rather than as a storage fault: either way a 503 naming the engine.
    expect([r.status, body.engine, body.kind]).toEqual([503, s.app.engine.kind, expect.stringMatching(/^(storage|unavailable)$/)]);
  });
});

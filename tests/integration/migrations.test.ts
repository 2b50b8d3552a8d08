import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, readMigrations } from '../../server/engine/migrations';
import { projectRoot } from '../../server/paths';
import { startServer, type TestServer } from '../helpers/server';

const DIR = join(projectRoot(), 'clickhouse', 'migrations');
let s: TestServer;

beforeAll(async () => {
  s = await startServer();
});
afterAll(async () => {
  await s.close();
});

describe('migrations', () => {
  it('creates the four raw tables and the rollups at start, recording each migration', async () => {
    const tables = await s.app.engine.rows<{ name: string }>(
      'SELECT name FROM system.tables WHERE database = currentDatabase() ORDER BY name',
      { tag: 'test' }
    );
    const names = tables.map((t) => t.name);
    for (const t of [
      'crawl_documents',
      'market_postings',
      'model_samples',
      'training_runs',
      'crawl_daily',
      'crawl_minute',
      'crawl_daily_mv',
      'crawl_minute_mv',
      'schema_migrations'
    ]) {
      expect(names).toContain(t);
    }
    const [n] = await s.app.engine.rows<{ n: number }>('SELECT count() AS n FROM schema_migrations FINAL', { tag: 'test' });
    expect(Number(n?.n)).toBe(readMigrations(DIR).length);
  });

  it('re-runs safely: nothing applied twice, data untouched', async () => {
    await s.app.engine.command(
      "INSERT INTO training_runs (model, published, training_tokens, source, imported_at) VALUES ('m', '2024-01-01', 1e12, 'test', '2024-06-01 00:00:00')",
      { tag: 'test' }
    );
    const again = await migrate(s.app.engine, DIR);
    expect(again.applied).toEqual([]);
    const [n] = await s.app.engine.rows<{ n: number }>('SELECT count() AS n FROM training_runs', { tag: 'test' });
    expect(Number(n?.n)).toBe(1);
  });

  it('applies a new migration once, and refuses one edited after it was applied', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pdo-mig-'));
    try {
      cpSync(DIR, dir, { recursive: true });
      writeFileSync(join(dir, '9001_test_extra.sql'), 'CREATE TABLE IF NOT EXISTS test_extra (x UInt8) ENGINE = MergeTree ORDER BY x');
      expect((await migrate(s.app.engine, dir)).applied).toEqual(['9001_test_extra']);
      expect((await migrate(s.app.engine, dir)).applied).toEqual([]);
      writeFileSync(join(dir, '9001_test_extra.sql'), 'CREATE TABLE IF NOT EXISTS test_extra (x UInt16) ENGINE = MergeTree ORDER BY x');
      await expect(migrate(s.app.engine, dir)).rejects.toThrow(/9001_test_extra was changed after it was applied/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// Closing the embedded engine with a statement still running: close() resolves only once the
// statement has ended inside the engine, so the process may exit (or open another directory)
// right after it. chDB cannot stop a statement part-way, and tearing it down under one, or
// exiting the process while one runs, can hang the process for good.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { embeddedConfig, openEngine, type Engine } from '../../server/engine/engine';
import { onServer } from '../helpers/target';

const dirs: string[] = [];
const open: Engine[] = [];

function dir(): string {
  const d = mkdtempSync(join(tmpdir(), 'pdo-engine-close-'));
  dirs.push(d);
  return d;
}

afterAll(async () => {
  for (const e of open) await e.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe.skipIf(onServer())('closing the embedded engine', () => {
  it('waits for a statement still running, so another directory opens at once after it', async () => {
    const first = await openEngine(embeddedConfig(dir()));
    open.push(first);
    // A statement that runs for a while (about a second), not awaited before close.
    const running = first.rows('SELECT count() AS n FROM numbers(2000000) WHERE NOT ignore(sleepEachRow(0.0000005))', {
      tag: 'test.close.slow'
    });
    const settled = running.then(
      () => 'ended',
      () => 'ended'
    );
    await first.close();
    // chDB binds one directory per process: another opens only once the first is torn down.
    const second = await openEngine(embeddedConfig(dir()));
    open.push(second);
    expect(await second.rows<{ one: number }>('SELECT 1 AS one', { tag: 'test.close.second' })).toEqual([{ one: 1 }]);
    expect(await settled).toBe('ended');
  });
});

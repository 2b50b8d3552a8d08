import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';

// The production server's start: a port another process holds ends the start with exit 1 and
// the reason, instead of a process that runs on without listening anywhere.
test('a port already in use ends the start with exit 1 and says why', async () => {
  test.setTimeout(120_000);
  const holder = createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  const port = (holder.address() as { port: number }).port;
  const dir = mkdtempSync(join(tmpdir(), 'pdo-start-'));
  try {
    const child = spawn(process.execPath, ['build/current/observatory/index.js'], {
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', CHDB_PATH: dir, SIMULATE: 'off', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'pipe']
    });
    let stderr = '';
    child.stderr?.on('data', (b: Buffer) => (stderr += b.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('start failed');
    expect(stderr).toContain('EADDRINUSE');
  } finally {
    holder.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

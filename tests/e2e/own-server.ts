import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface OwnServer {
  child: ChildProcess;
  url: string;
  /** Everything the server logged, one JSON line each. */
  log: string[];
  stop(): Promise<void>;
}

/**
 * A production server a spec owns, from the given entry (a release's observatory/index.js), on
 * a free port (PORT=0; the URL comes from its "listening" log line) and a fresh data directory.
 */
export async function startOwnServer(entry: string, env: Record<string, string> = {}): Promise<OwnServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pdo-own-e2e-'));
  const child = spawn(process.execPath, [entry], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', CHDB_PATH: dataDir, SIMULATE: 'off', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  });
  const log: string[] = [];
  let partial = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not listen within 120 s:\n${log.join('\n')}`)), 120_000);
    child.stdout?.on('data', (b: Buffer) => {
      const lines = (partial + b.toString()).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        log.push(line);
        const m = /"msg":"listening","url":"([^"]+)"/.exec(line);
        if (m?.[1]) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      }
    });
    child.stderr?.on('data', (b: Buffer) => log.push(b.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${log.join('\n')}`));
    });
  });
  return {
    child,
    url,
    log,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    }
  };
}

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export type Users = Record<string, { password: string; readonly?: boolean }>;

interface ClickHouseHttpOptions {
  /** Data directory; a fresh temporary one (removed on stop) when absent. */
  dataDir?: string;
  /** Accounts: name -> password and whether readonly=1. @default { default: { password: '' } } */
  users?: Users;
  /** Simultaneous queries before TOO_MANY_SIMULTANEOUS_QUERIES (code 202). @default 0 (no limit) */
  maxConcurrentQueries?: number;
}

export interface ClickHouseHttp {
  /** http://127.0.0.1:PORT, for CLICKHOUSE_URL or createClient({ url }). */
  url: string;
  /** The engine's version, as version() answers. */
  version: string;
  pid: number;
  /** Ends the process and waits for it; removes a temporary data directory. */
  stop(): Promise<void>;
  /** Kills the process at once (a lost server), without cleaning up. */
  kill(): Promise<void>;
  /** Replaces the accounts; the next request is checked against them (a server reloading users.xml). */
  setUsers(users: Users): void;
}

const here = dirname(fileURLToPath(import.meta.url));

/**
 * Starts ClickHouse's HTTP interface over chDB in a child process of its own (./child.ts), so
 * @clickhouse/client and the product's server path talk to it as to a ClickHouse server. Test
 * helper only. It proves the HTTP transport, the SQL and the error handling; it has no
 * replication, Keeper or distributed queries.
 */
export async function startClickHouseHttp(opts: ClickHouseHttpOptions = {}): Promise<ClickHouseHttp> {
  const temporary = opts.dataDir === undefined;
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'pdo-ch-http-'));
  const control = mkdtempSync(join(tmpdir(), 'pdo-ch-users-'));
  const usersFile = join(control, 'users.json');
  const setUsers = (users: Users): void => writeFileSync(usersFile, JSON.stringify(users));
  setUsers(opts.users ?? { default: { password: '' } });
  const proc = spawn(process.execPath, ['--import', 'tsx', join(here, 'child.ts')], {
    env: {
      ...process.env,
      CH_HTTP_PATH: dataDir,
      CH_HTTP_USERS_FILE: usersFile,
      CH_HTTP_MAX_QUERIES: String(opts.maxConcurrentQueries ?? 0)
    },
    stdio: ['ignore', 'pipe', 'inherit']
  });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const ready = await new Promise<{ port: number; version: string }>((resolve, reject) => {
    const lines = createInterface({ input: proc.stdout });
    lines.once('line', (line) => resolve(JSON.parse(line) as { port: number; version: string }));
    proc.once('exit', (code) => reject(new Error(`ClickHouse HTTP harness exited before listening (code ${code})`)));
  });
  const end = async (signal: NodeJS.Signals): Promise<void> => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
    await exited;
  };
  return {
    url: `http://127.0.0.1:${ready.port}`,
    version: ready.version,
    pid: proc.pid ?? 0,
    async stop() {
      await end('SIGTERM');
      if (temporary) rmSync(dataDir, { recursive: true, force: true });
      rmSync(control, { recursive: true, force: true });
    },
    kill: () => end('SIGKILL'),
    setUsers
  };
}

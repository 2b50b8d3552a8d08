// Runs server/import/cli.ts, the script behind `npm run import`, as a user would: a child
// process, its exit code and both streams. Shared by the import suites.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { expect } from 'vitest';
import { projectRoot } from '../../server/paths';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A loopback port nothing listens on, so the importer's look for a local server finds none. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** The importer with `args`, its environment this process's with `env` laid over it. */
export function runImportCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  const root = projectRoot();
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', join(root, 'server/import/cli.ts'), ...args], {
      cwd: root,
      env: { ...process.env, ...env }
    });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    proc.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    proc.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The JSON report of a run that must have succeeded (its stderr shown when it did not). */
export function importReport<T>(r: CliResult): T {
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as T;
}

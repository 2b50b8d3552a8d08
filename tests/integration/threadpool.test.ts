// The production entry (server/boot.ts) sizes libuv's thread pool before the server's ES modules
// load. Each embedded-engine call holds a pool thread while its query runs; with Node's default
// of 4, four queries at once (the live hub's refreshes) leave none to open a file, so a page's
// scripts wait for a query to end. The check is by order, not by time: a probe in place of the
// server starts four slow queries, then opens a file, and reports how many queries were still
// running when the file opened.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEntry } from '../../scripts/build-entry';
import { projectRoot } from '../../server/paths';
import { onServer } from '../helpers/target';

const QUERIES = 4;

/** Stands in for server.mjs: what the pool lets through while the engine is busy. */
const PROBE = `
import { createRequire } from 'node:module';
import { open } from 'node:fs/promises';
const { Session } = createRequire(${JSON.stringify(join(projectRoot(), 'package.json'))})('chdb');
const session = new Session(process.env.PROBE_DIR);
let running = ${QUERIES};
// About a second each (4 rows, a quarter second a row; chDB may run them one after another),
// all submitted before the file is asked for.
const queries = Array.from({ length: ${QUERIES} }, () =>
  session.queryAsync('SELECT sleepEachRow(0.25) FROM numbers(4) FORMAT Null', {}).finally(() => running--)
);
const file = await open(process.env.PROBE_FILE);
const atOpen = running;
await file.close();
await Promise.all(queries);
session.close();
process.stdout.write(JSON.stringify({ running_when_file_opened: atOpen, threads: process.env.UV_THREADPOOL_SIZE ?? null }));
`;

let dir = '';
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pdo-threadpool-'));
  await buildEntry(dir);
  writeFileSync(join(dir, 'server.mjs'), PROBE);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runEntry(threads?: string): { running_when_file_opened: number; threads: string | null } {
  const env: NodeJS.ProcessEnv = { ...process.env, PROBE_FILE: join(dir, 'package.json'), PROBE_DIR: mkdtempSync(join(dir, 'engine-')) };
  delete env.UV_THREADPOOL_SIZE;
  if (threads) env.UV_THREADPOOL_SIZE = threads;
  const r = spawnSync(process.execPath, [join(dir, 'index.js')], { env, encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`the entry exited with ${r.status ?? r.signal}: ${r.stderr}`);
  return JSON.parse(r.stdout) as { running_when_file_opened: number; threads: string | null };
}

describe.skipIf(onServer())('the production entry', () => {
  it('sizes the thread pool so a file opens while four engine queries run', () => {
    expect(runEntry()).toEqual({ running_when_file_opened: QUERIES, threads: '16' });
  });

  it("keeps an operator's own pool size: with 4 threads the file waits for a query to end", () => {
    expect(runEntry('4')).toEqual({ running_when_file_opened: QUERIES - 1, threads: '4' });
  });
});

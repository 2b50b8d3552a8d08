// `npm run build` (and `npm start`, with --if-changed): builds the pages (SvelteKit) and the
// server bundle into a fresh build/releases/<id>/, then points build/current at it with one
// rename. A server already running keeps reading its own release, which is kept while it runs
// (see server/release.ts). With --if-changed, nothing is built when the current release was
// built from the same inputs.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync
} from 'node:fs';
import { join, relative } from 'node:path';
import { build } from 'esbuild';
import { projectRoot } from '../server/paths';
import { buildEntry } from './build-entry';
import {
  BUILD_INFO,
  CURRENT_LINK,
  RELEASES_DIR,
  currentRelease,
  pidAlive,
  pruneReleases,
  readBuildInfo,
  type BuildInfo
} from '../server/release';

/** Releases kept besides the current one and any in use, for a quick roll back. */
const KEEP = 3;
/** What the build reads. The server reads clickhouse/ at run time; it is hashed so a schema change still reads as a new release. */
const INPUT_DIRS = ['src', 'server', 'clickhouse', 'static', 'scripts'];
const INPUT_FILES = ['package.json', 'package-lock.json', 'svelte.config.js', 'vite.config.ts', 'tsconfig.json', 'tsconfig.server.json'];

const root = projectRoot();
const buildDir = join(root, 'build');
const ifChanged = process.argv.includes('--if-changed');

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

/** SHA-256 over every input's path and content, in a fixed order. */
function sourceHash(): string {
  const h = createHash('sha256');
  const all = [...INPUT_DIRS.flatMap((d) => files(join(root, d))), ...INPUT_FILES.map((f) => join(root, f)).filter((f) => existsSync(f))];
  for (const f of all.map((p) => relative(root, p)).sort()) {
    h.update(`${f}\0`);
    h.update(readFileSync(join(root, f)));
    h.update('\0');
  }
  return h.digest('hex');
}

/**
 * One build at a time per checkout: SvelteKit's intermediate output (.svelte-kit/output) is
 * shared. A second build waits; with --if-changed it then finds the first one's release.
 */
async function lock(): Promise<() => void> {
  const dir = join(buildDir, '.build-lock');
  mkdirSync(buildDir, { recursive: true });
  let told = false;
  for (;;) {
    try {
      mkdirSync(dir);
      writeFileSync(join(dir, 'pid'), String(process.pid));
      return () => rmSync(dir, { recursive: true, force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let holder = 0;
    try {
      holder = Number(readFileSync(join(dir, 'pid'), 'utf8'));
    } catch {
      // not written yet
    }
    // A lock younger than a second may not have its pid written yet.
    const young = Date.now() - statSync(dir).mtimeMs < 1000;
    if (!young && !(holder > 0 && pidAlive(holder))) {
      rmSync(dir, { recursive: true, force: true });
      continue;
    }
    if (!told) process.stdout.write(`waiting for the build under way (pid ${holder || '?'})\n`);
    told = true;
    await new Promise((r) => setTimeout(r, 500));
  }
}

function run(cmd: string, args: string[], env: Record<string, string>): void {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
}

async function main(): Promise<void> {
  const unlock = await lock();
  try {
    const hash = sourceHash();
    const current = currentRelease(buildDir, readlinkSync);
    const info = current ? readBuildInfo(join(buildDir, RELEASES_DIR, current)) : null;
    if (ifChanged && info?.source_hash === hash) {
      process.stdout.write(`build is up to date (release ${current})\n`);
      return;
    }
    const id = `${new Date().toISOString().replace(/[-:.]/g, '')}-${hash.slice(0, 8)}`;
    const out = join(buildDir, RELEASES_DIR, id);
    process.stdout.write(`building release ${id}\n`);
    // svelte.config.js sends adapter-node's output here.
    run('npx', ['vite', 'build'], { PDO_BUILD_OUT: out });
    const observatory = join(out, 'observatory');
    await build({
      // The server and its worker threads, as ES modules (.mjs). Worker threads are entries of
      // their own, loaded by path beside server.mjs (server/lib/worker-script.ts). Packages stay
      // external: chdb is a native addon loaded from node_modules at run time.
      entryPoints: {
        server: 'server/index.ts',
        'validate-worker': 'server/ingest/validate-worker.ts',
        'forecast-worker': 'server/forecast/forecast-worker.ts'
      },
      absWorkingDir: root,
      outdir: observatory,
      outExtension: { '.js': '.mjs' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      sourcemap: true,
      logLevel: 'warning'
    });
    await buildEntry(observatory);
    const built: BuildInfo = { source_hash: hash, built_at: new Date().toISOString() };
    // Written last: a release without it is incomplete and never becomes current.
    writeFileSync(join(out, BUILD_INFO), JSON.stringify(built, null, 2) + '\n');
    // rename(2) replaces the old link in one step: a reader sees the old release or the new one.
    const tmp = join(buildDir, `.${CURRENT_LINK}-${process.pid}`);
    rmSync(tmp, { force: true });
    symlinkSync(join(RELEASES_DIR, id), tmp);
    renameSync(tmp, join(buildDir, CURRENT_LINK));
    const { removed } = pruneReleases(buildDir, { keep: KEEP, current: id });
    process.stdout.write(`build/current -> ${RELEASES_DIR}/${id}${removed.length ? `; removed ${removed.join(', ')}` : ''}\n`);
  } finally {
    unlock();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`build failed: ${(e as Error).message}\n`);
  process.exit(1);
});

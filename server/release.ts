import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The build layout. Every build goes into a directory of its own, `build/releases/<id>/`, and
 * `build/current` is a symlink switched to it in one rename once it is complete. A server
 * started through the symlink runs from the release it resolved at start (Node resolves the
 * entry's real path, and every later import and file read is relative to it), so a later
 * build never changes a file under it. Old releases are pruned, but never one that a running
 * server has marked as in use.
 */
export const RELEASES_DIR = 'releases';
export const CURRENT_LINK = 'current';
export const BUILD_INFO = 'build-info.json';
const IN_USE_DIR = '.in-use';

export interface BuildInfo {
  /** SHA-256 over the build's inputs (sources, configs, lock file). */
  source_hash: string;
  built_at: string;
}

/** The release a bundled server module belongs to: `<release>/observatory/server.mjs` → `<release>`. */
export function releaseDirOf(moduleUrl: string): string {
  return dirname(dirname(fileURLToPath(moduleUrl)));
}

export function readBuildInfo(releaseDir: string): BuildInfo | null {
  try {
    return JSON.parse(readFileSync(join(releaseDir, BUILD_INFO), 'utf8')) as BuildInfo;
  } catch {
    return null;
  }
}

/**
 * Marks a release as read by this process until it exits. The mark is a file named by the pid;
 * one left by a process that died without cleaning up is ignored because that pid is not alive.
 */
export function markInUse(releaseDir: string, pid = process.pid): () => void {
  const dir = join(releaseDir, IN_USE_DIR);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, String(pid));
  writeFileSync(file, `${new Date().toISOString()}\n`);
  return () => rmSync(file, { force: true });
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Pids of live processes that marked this release as in use. */
export function usersOf(releaseDir: string, alive: (pid: number) => boolean = pidAlive): number[] {
  const dir = join(releaseDir, IN_USE_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map(Number)
    .filter((pid) => Number.isInteger(pid) && pid > 0 && alive(pid));
}

interface PruneResult {
  kept: string[];
  removed: string[];
}

/**
 * Removes old releases: keeps the current one, the newest `keep` complete ones, and any that a
 * live server uses. Incomplete ones (no build-info.json: a build that failed or was killed) go
 * unless in use. Only call it while holding the build lock, or a build under way loses its
 * directory.
 */
export function pruneReleases(
  buildDir: string,
  opts: { keep: number; current: string | null; alive?: (pid: number) => boolean }
): PruneResult {
  const root = join(buildDir, RELEASES_DIR);
  if (!existsSync(root)) return { kept: [], removed: [] };
  // Release ids start with a UTC time stamp, so names sort by age.
  const names = readdirSync(root).sort().reverse();
  const complete = names.filter((n) => readBuildInfo(join(root, n)) !== null);
  const newest = new Set(complete.slice(0, opts.keep));
  const kept: string[] = [];
  const removed: string[] = [];
  for (const name of names) {
    const dir = join(root, name);
    if (name === opts.current || newest.has(name) || usersOf(dir, opts.alive).length > 0) {
      kept.push(name);
      continue;
    }
    rmSync(dir, { recursive: true, force: true });
    removed.push(name);
  }
  return { kept, removed };
}

/** The release `build/current` points at, by name, or null when there is none. */
export function currentRelease(buildDir: string, readLink: (p: string) => string): string | null {
  try {
    return basename(readLink(join(buildDir, CURRENT_LINK)));
  } catch {
    return null;
  }
}

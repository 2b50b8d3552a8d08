import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, readlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { currentRelease, markInUse, pruneReleases, usersOf } from './release';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function buildDir(releases: { name: string; complete?: boolean }[]): string {
  const b = mkdtempSync(join(tmpdir(), 'pdo-release-'));
  dirs.push(b);
  for (const r of releases) {
    const dir = join(b, 'releases', r.name);
    mkdirSync(join(dir, 'client'), { recursive: true });
    if (r.complete !== false) writeFileSync(join(dir, 'build-info.json'), '{"source_hash":"x","built_at":"y"}');
  }
  return b;
}

describe('releases', () => {
  it('keeps the newest complete ones, the current one and any a live server uses; drops the rest', () => {
    const b = buildDir([
      { name: '20260101T000000000Z-a' },
      { name: '20260102T000000000Z-b' },
      { name: '20260103T000000000Z-c' },
      { name: '20260104T000000000Z-d' },
      { name: '20260105T000000000Z-e' },
      { name: '20260106T000000000Z-f', complete: false }
    ]);
    // a: an old server still runs from it; b: marked by a server that died.
    markInUse(join(b, 'releases', '20260101T000000000Z-a'), 111);
    markInUse(join(b, 'releases', '20260102T000000000Z-b'), 222);
    const alive = (pid: number) => pid === 111;
    const r = pruneReleases(b, { keep: 2, current: '20260105T000000000Z-e', alive });
    expect(r.removed.sort()).toEqual(['20260102T000000000Z-b', '20260103T000000000Z-c', '20260106T000000000Z-f']);
    expect(readdirSync(join(b, 'releases')).sort()).toEqual(['20260101T000000000Z-a', '20260104T000000000Z-d', '20260105T000000000Z-e']);
  });

  it('a mark lasts until its process removes it', () => {
    const b = buildDir([{ name: 'r1' }]);
    const dir = join(b, 'releases', 'r1');
    const unmark = markInUse(dir);
    expect(usersOf(dir)).toEqual([process.pid]);
    unmark();
    expect(usersOf(dir)).toEqual([]);
    expect(pruneReleases(b, { keep: 0, current: null }).removed).toEqual(['r1']);
    expect(existsSync(dir)).toBe(false);
  });

  it('reads which release build/current names', () => {
    const b = buildDir([{ name: 'r1' }]);
    expect(currentRelease(b, readlinkSync)).toBeNull();
    symlinkSync(join('releases', 'r1'), join(b, 'current'));
    expect(currentRelease(b, readlinkSync)).toBe('r1');
  });
});

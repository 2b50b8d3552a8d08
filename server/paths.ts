import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project root, found by walking up to our own package.json. The server runs from source
 * (tests, dev), from a bundle (build/current/observatory) and through Vite's module loader (dev), so a fixed
 * relative path from the module would be wrong in at least one of them.
 */
export function projectRoot(): string {
  const starts = [dirname(fileURLToPath(import.meta.url)), process.cwd()];
  for (const start of starts) {
    let dir = resolve(start);
    for (;;) {
      const pkg = join(dir, 'package.json');
      if (existsSync(pkg) && isOurs(pkg)) return dir;
      const up = dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  throw new Error('cannot find the project root (package.json of peak-data-observatory)');
}

function isOurs(pkg: string): boolean {
  try {
    return (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'peak-data-observatory';
  } catch {
    return false;
  }
}

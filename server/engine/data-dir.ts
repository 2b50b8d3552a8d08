import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The embedded engine's data directory cannot be used; the message says why and what to do. */
export class DataDirError extends Error {
  override name = 'DataDirError';
}

/**
 * Checks that the embedded engine can write its data directory before opening it. chDB reports
 * a read-only or missing directory only as "Failed to create connection", with the reason on
 * stderr, and a server started on it would die with an exception instead of a sentence.
 */
export function checkDataDir(path: string): void {
  try {
    mkdirSync(path, { recursive: true });
    const probe = join(path, `.write-check-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'EROFS'
        ? 'is on a read-only file system'
        : code === 'EACCES' || code === 'EPERM'
          ? 'is not writable by this user'
          : code === 'ENOSPC'
            ? 'is on a full disk'
            : `cannot be written (${code ?? (e as Error).message})`;
    throw new DataDirError(`CHDB_PATH ${path} ${why}; the embedded database needs a writable directory with free space`);
  }
}

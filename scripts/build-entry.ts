// The entry operators run, observatory/index.js: server/boot.ts bundled as CommonJS (boot.ts
// says why it cannot be an ES module). One function, so the release build and the test of the
// entry (tests/integration/threadpool.test.ts) build the same file.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { projectRoot } from '../server/paths';

/** Writes index.js and a package.json that makes the folder's .js files CommonJS, whatever the project's type. */
export async function buildEntry(outdir: string): Promise<void> {
  await build({
    entryPoints: { index: join(projectRoot(), 'server/boot.ts') },
    outdir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'warning'
  });
  writeFileSync(join(outdir, 'package.json'), JSON.stringify({ type: 'commonjs' }) + '\n');
}

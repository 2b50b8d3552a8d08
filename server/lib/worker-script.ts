import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { projectRoot } from '../paths';

/**
 * The script for a worker thread named `name` (`validate-worker`, `forecast-worker`), looked up
 * beside `base` (the caller's import.meta.url). In the production bundle that is `name.mjs`
 * beside server.mjs. Running from source (tests, `npm run dev`) there is only `name.ts`, which a
 * worker thread cannot load on Node 20, so it is bundled once with esbuild (a dev dependency)
 * into node_modules/.cache. Null when neither exists: the caller does the work on its own thread.
 */
export async function workerScript(name: string, base: string): Promise<URL | null> {
  const js = new URL(`./${name}.mjs`, base);
  if (existsSync(fileURLToPath(js))) return js;
  const ts = new URL(`./${name}.ts`, base);
  if (!existsSync(fileURLToPath(ts))) return null;
  try {
    const { build } = await import('esbuild');
    // Inside node_modules, so the bundle's imports of packages resolve as they do from source.
    const cache = join(projectRoot(), 'node_modules', '.cache');
    mkdirSync(cache, { recursive: true });
    const out = join(mkdtempSync(join(cache, 'pdo-worker-')), `${name}.mjs`);
    await build({
      entryPoints: [fileURLToPath(ts)],
      outfile: out,
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      logLevel: 'silent'
    });
    return pathToFileURL(out);
  } catch {
    return null;
  }
}

// Bundles the Node server (server/index.ts and what it imports from src/lib/contract) into
// build/observatory/index.js. Packages stay external: chdb is a native addon and must be loaded
// from node_modules at run time.
import { build } from 'esbuild';

await build({
  // Worker threads are entries of their own: each is loaded by path beside index.js.
  entryPoints: {
    index: 'server/index.ts',
    'validate-worker': 'server/ingest/validate-worker.ts',
    'forecast-worker': 'server/forecast/forecast-worker.ts'
  },
  outdir: 'build/observatory',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning'
});

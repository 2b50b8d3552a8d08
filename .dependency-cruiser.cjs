// Import boundaries, enforced by dependency-cruiser (`npm run lint`) from folders.json, the one
// table of where code runs and what it may import (ARCHITECTURE.md shows it). dependency-cruiser
// resolves every specifier to a file the way TypeScript and Node do before a rule sees it, so one
// rule per folder covers every way of writing an import: static, dynamic import(), re-exports,
// type-only imports, `.js` specifiers for .ts files, `$lib` and `..` detours, deep package paths,
// Node built-ins with or without `node:`, and the <script> blocks of .svelte files.
const { folders } = require('./folders.json');

const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A folder and everything under it, or one file and the spec beside it. */
const pattern = (path) =>
  path.endsWith('/') ? `^${escapeRe(path)}` : `^${escapeRe(path.replace(/\.ts$/, ''))}(\\.spec)?\\.ts$|^${escapeRe(path)}$`;
const PROJECT = '^(src|server|tests|bench|scripts|clickhouse)/';

const mayImport = folders
  .filter((f) => !f.mayImport.includes('*'))
  .map((f) => ({
    name: `may-import:${f.path}`,
    comment: `${f.path} may import only ${f.mayImport.length ? f.mayImport.join(', ') : 'packages'} (folders.json)`,
    severity: 'error',
    from: { path: pattern(f.path) },
    to: { path: PROJECT, pathNot: [pattern(f.path), ...f.mayImport.map(pattern)] }
  }));

const runsIn = (runs) => folders.filter((f) => f.runs === runs).map((f) => pattern(f.path));

module.exports = {
  forbidden: [
    ...mayImport,
    {
      name: 'boundary-node-builtins',
      comment: 'code that runs in the browser (or on both sides) never imports a Node built-in, with or without node:',
      severity: 'error',
      from: { path: [...runsIn('browser'), ...runsIn('both')] },
      to: { dependencyTypes: ['core'] }
    },
    {
      name: 'boundary-both-sides',
      comment:
        'src/lib/contract and src/lib/shared run on the server too: no SvelteKit ($app, $env, @sveltejs/kit), Svelte or socket client',
      severity: 'error',
      from: { path: runsIn('both') },
      to: { path: '^(node_modules/)?(svelte|@sveltejs/kit|socket\\.io-client)(/|$)|^\\$(app|env)(/|$)' }
    },
    {
      name: 'boundary-private-env',
      comment: 'browser code never reads the private environment',
      severity: 'error',
      from: { path: runsIn('browser') },
      to: { path: '^\\$env/(static|dynamic)/private' }
    },
    {
      name: 'boundary-unlisted',
      comment: 'every source file belongs to a folder of folders.json',
      severity: 'error',
      from: { path: '^(src|server|scripts|bench|tests)/', pathNot: [...folders.map((f) => pattern(f.path)), '\\.d\\.ts$'] },
      to: {}
    },
    {
      name: 'boundary-unresolved',
      comment: 'an import that resolves to no file (SvelteKit virtual modules aside) is an error, not a blind spot',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true, pathNot: '^\\$(app|env)/' }
    }
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Packages are resolved (a rule may name one) but not read further.
    exclude: { path: '^(build|\\.svelte-kit|test-results|bench/results)/' },
    // Type-only imports count: a type from server/ in browser code still couples the two.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // $lib in .svelte files (tsconfig paths cover only TypeScript sources).
    webpackConfig: { fileName: 'scripts/boundaries/resolve.cjs' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['svelte', 'import', 'require', 'node', 'browser', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.svelte', '.json', '.d.ts']
    }
  }
};

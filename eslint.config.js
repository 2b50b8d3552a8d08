import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';
import { readdirSync } from 'node:fs';

// Import boundaries (ARCHITECTURE.md, "What may import what"). Folders say where code runs:
// server/ in Node, src/ in the browser, except src/lib/contract and src/lib/shared, which both
// sides run. Specifiers are relative or $lib, so the patterns match a path that climbs into a
// folder. Browser-only folders are every other folder (and file) of src/lib, read from disk so a
// new one is covered at once.
const BOTH_SIDES = ['contract', 'shared'];
const browserOnly = readdirSync(new URL('./src/lib', import.meta.url))
  .filter((n) => !BOTH_SIDES.includes(n))
  .map((n) => n.replace(/\.ts$/, '').replace(/[.]/g, '\\.'));
const intoServer = {
  regex: '^(\\.\\./)+server(/|$)',
  message: 'boundary browser→server: code that runs in the browser never imports server/ (move what both sides need to src/lib/shared).'
};
const intoBrowserOnly = [
  {
    regex: `^((\\.\\./)+|\\$lib/)(${browserOnly.join('|')})(/|$)`,
    message: 'boundary shared→browser: src/lib/contract and src/lib/shared run on the server too; they import only each other and packages.'
  },
  {
    regex: '^(\\$app/|svelte(/|$)|socket\\.io-client$|node:)',
    message:
      'boundary shared→browser: src/lib/contract and src/lib/shared run on both sides; no SvelteKit, Svelte, socket client or Node modules.'
  }
];
const intoBrowserFromServer = {
  regex: `^(\\.\\./)+src/(?!lib/(${BOTH_SIDES.join('|')})/)`,
  message: 'boundary server→browser: server code imports from src/ only src/lib/contract and src/lib/shared.'
};

export default ts.config(
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  prettier,
  ...svelte.configs.prettier,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Dashboard links are plain hrefs built from the permalink state.
      'svelte/no-navigation-without-resolve': 'off'
    }
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { projectService: true, extraFileExtensions: ['.svelte'], parser: ts.parser, svelteConfig } }
  },
  {
    files: ['src/**/*.{ts,svelte}'],
    ignores: BOTH_SIDES.map((d) => `src/lib/${d}/**`),
    rules: { 'no-restricted-imports': ['error', { patterns: [intoServer] }] }
  },
  {
    files: BOTH_SIDES.map((d) => `src/lib/${d}/**/*.ts`),
    rules: { 'no-restricted-imports': ['error', { patterns: [intoServer, ...intoBrowserOnly] }] }
  },
  {
    files: ['server/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [intoBrowserFromServer] }] }
  },
  {
    // Every time a query uses comes from the process's clock, which tests inject and `npm run
    // test:at` shifts, and reaches SQL as a bound parameter. SQL that read the engine's own clock
    // would escape both, and dates would again depend on the day the tests run.
    files: ['server/**/*.ts', 'tests/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...['TemplateElement[value.raw=', 'Literal[value='].map((node) => ({
          selector: `${node}/\\b(now|now64|today|yesterday)\\s*\\(/i]`,
          message: "clock: SQL never reads the engine's clock (now(), today()); pass the time from Node as a bound parameter."
        }))
      ]
    }
  },
  { ignores: ['build/', '.svelte-kit/', 'node_modules/', 'data/', 'test-results/', 'bench/results/'] }
);

import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

// Import boundaries are dependency-cruiser's (.dependency-cruiser.cjs, from folders.json): it
// resolves every import form to a file before judging it, which pattern rules on specifiers
// cannot.

// Every ClickHouse function that reads the engine's clock (system.functions: the functions and
// their aliases), called, plus the SQL-standard keywords that read it without parentheses.
// Bare `now` and `today` also parse in ClickHouse but are English words in messages; a query
// never needs them.
const CLOCK_CALLS = [
  'now',
  'now64',
  'nowInBlock',
  'nowInBlock64',
  'today',
  'yesterday',
  'curdate',
  'current_date',
  'current_timestamp',
  'localtime',
  'localtimestamp',
  'UTCTimestamp',
  'UTC_timestamp',
  'generateUUIDv7',
  'generateSnowflakeID'
];
const CLOCK_WORDS = ['current_date', 'current_timestamp', 'localtime', 'localtimestamp'];
const CLOCK = `\\b((${CLOCK_CALLS.join('|')})\\s*\\(|(${CLOCK_WORDS.join('|')})\\b)`;

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
    // Every time a query uses comes from the process's clock, which tests inject and `npm run
    // test:at` shifts, and reaches SQL as a bound parameter. SQL that read the engine's own clock
    // would escape both, and dates would again depend on the day the tests run.
    files: ['server/**/*.ts', 'tests/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...['TemplateElement[value.raw=', 'Literal[value='].map((node) => ({
          selector: `${node}/${CLOCK}/i]`,
          message: "clock: SQL never reads the engine's clock (now(), today()); pass the time from Node as a bound parameter."
        }))
      ]
    }
  },
  {
    // dependency-cruiser reads its configuration (and the resolve file it names) as CommonJS.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' }
  },
  { ignores: ['build/', '.svelte-kit/', 'node_modules/', 'data/', 'test-results/', 'bench/results/'] }
);

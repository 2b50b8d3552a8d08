import { defineConfig } from 'vitest/config';

// Two projects: fast unit specs that live beside the code, and integration suites that open a
// real embedded ClickHouse each in its own temporary directory. chDB binds one data directory per
// process, so every test file runs in its own forked process ('forks'); worker threads would share
// a process and fail on the second path.
export default defineConfig({
  test: {
    pool: 'forks',
    projects: [
      {
        test: {
          name: 'unit',
          include: ['server/**/*.spec.ts', 'src/**/*.spec.ts', 'scripts/**/*.spec.ts'],
          environment: 'node',
          pool: 'forks',
          // A guard against a hang, not a speed budget: the specs that check 8 MB bodies on two
          // threads or draw thousands of rows took over the 5 s default on a loaded 2-core machine.
          testTimeout: 60_000
        }
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          pool: 'forks',
          // Hang guards, not speed budgets. The import suites start the importer's CLI two or
          // three times per test (tsx, then the 540 MB engine library): on a 2-core machine
          // running other work at a load of 25 one such test took 52 s, and two went past 60 s.
          testTimeout: 240_000,
          hookTimeout: 240_000,
          fileParallelism: true,
          maxWorkers: 2
        }
      }
    ]
  }
});

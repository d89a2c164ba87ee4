import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'db/**/*.test.ts', 'client/**/*.test.ts'],
    exclude: ['server/test/mailstack/**', 'node_modules/**'],
    globalSetup: ['server/test/global-setup.ts'],
    // One MariaDB and Redis for every file: files run in parallel, each making its own data.
    // The files mostly wait on MariaDB and Redis, so one worker per core (Vitest's default leaves
    // one idle). Files share a worker's modules instead of re-importing the app each: nothing
    // relies on module state (no singletons; each file builds its own deps), and spies are
    // restored after every test. Measured on 2 cores: forks with isolation spent more time
    // importing than testing.
    pool: 'threads',
    maxWorkers: availableParallelism(),
    isolate: false,
    restoreMocks: true,
    // As Playwright in CI: one retry, so a test that fails once on a loaded 2-core machine does not
    // sink the run; scripts/test.mjs names every test that needed it.
    retry: process.env.CI ? 1 : 0,
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'db/**/*.test.ts', 'client/**/*.test.ts'],
    exclude: ['server/test/mailstack/**', 'node_modules/**'],
    globalSetup: ['server/test/global-setup.ts'],
    // One MariaDB and Redis for every file: files run in parallel, each making its own data.
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});

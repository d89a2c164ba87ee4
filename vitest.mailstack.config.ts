// The real mail stack test (rspamd, Postfix, Dovecot): run by `npm test` after the server tests.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['server/test/mailstack/*.test.ts'],
    globalSetup: ['server/test/global-setup.ts'],
    // One retry in CI, as for the server tests (scripts/test.mjs names any test that needed it).
    retry: process.env.CI ? 1 : 0,
    testTimeout: 90_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});

// The real mail stack test (rspamd, Postfix, Dovecot): run by `npm test` after the server tests.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['server/test/mailstack/*.test.ts'],
    globalSetup: ['server/test/global-setup.ts'],
    testTimeout: 90_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});

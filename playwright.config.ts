import { defineConfig, devices } from '@playwright/test';

// The web server is another process, so its ports are fixed in advance; COWBELL_PORT_OFFSET moves
// them with the test MariaDB/Redis, so two checkouts can run the suite at once.
const OFFSET = Number(process.env.COWBELL_PORT_OFFSET ?? 0) || 0;
const PORT = Number(process.env.E2E_PORT ?? 8091 + OFFSET);
export const ORIGIN = `http://127.0.0.1:${PORT}`;
/** WebAuthn needs a domain for its RP id (never an IP address): its specs use this origin. */
export const WEBAUTHN_ORIGIN = `http://localhost:${PORT}`;
/** The SMTP sink where released mail goes, and the push sink (both run by e2e/global-setup.ts). */
export const E2E_SMTP_PORT = 42599 + OFFSET;
export const E2E_PUSH_PORT = 42598 + OFFSET;
// Debian's Chromium, never a downloaded browser; background networking off (no internet here).
/** How the e2e server runs, but for its port (e2e/specs/base-path.spec.ts starts a second one). */
export const E2E_SERVER_ENV = { HOST: '127.0.0.1', STATIC_DIR: 'dist', NODE_ENV: 'test', SIGNIN_MAX_FAILURES_PER_IP: '10000',
  RELEASE_SMTP_PORT: String(E2E_SMTP_PORT), QUARANTINE_SYNC_MS: '0', PUSH_LOCAL_SERVICES: `http://127.0.0.1:${E2E_PUSH_PORT}` };
export const CHROMIUM = {
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic'],
};

export default defineConfig({
  testDir: './e2e/specs',
  fullyParallel: true,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: '.data/test/playwright.json' }]],
  globalSetup: './e2e/global-setup.ts',
  use: { baseURL: ORIGIN, launchOptions: CHROMIUM, trace: 'retain-on-failure' },
  projects: [
    { name: 'phone', use: { ...devices['Pixel 7'], launchOptions: CHROMIUM }, testIgnore: /admin\.spec/ },
    { name: 'desktop', use: { viewport: { width: 1280, height: 800 }, launchOptions: CHROMIUM }, testMatch: /admin\.spec/ },
  ],
  webServer: {
    command: 'node --enable-source-maps dist-server/index.mjs',
    url: `${ORIGIN}/api/health`,
    reuseExistingServer: false,
    timeout: 30_000,
    env: { PORT: String(PORT), ...E2E_SERVER_ENV, WEBAUTHN_ORIGINS: WEBAUTHN_ORIGIN },
  },
});

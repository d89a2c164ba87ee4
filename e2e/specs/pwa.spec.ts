import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { ORIGIN } from '../../playwright.config.ts';
import { expect, persistentTest, PASSWORD, test } from '../fixtures.ts';
import { SignInPage } from '../pages/SignInPage.ts';
import { CHROMIUM_ACCEPT_ENCODING, rawGet, wireBytes } from '../wire-bytes.ts';

// Bytes on the wire: bodies as sent (compressed) plus response headers.
const SIGN_IN_BUDGET = 75 * 1024;
const ROUTE_CHUNK_BUDGET = 30 * 1024;
/** Brotli, unless the build made no copy (a file too small to gain from one). */
const expectedEncoding = (url: string) => (existsSync(`dist${new URL(url, 'http://x').pathname}.br`) ? 'br' : 'identity');

test('the service worker installs and controls the page', async ({ page }) => {
  await page.goto('/');
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  expect(scope).toMatch(/\/$/);
});

test('an offline reload still shows the app shell', async ({ page, context, world }) => {
  await page.goto('/');
  await new SignInPage(page).signIn(world.user, PASSWORD);
  await expect(page.getByTestId('home-address')).toBeVisible();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('offline-banner')).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect(page.getByText('No connection to the server.')).toBeVisible();
  await context.setOffline(false);
  await expect(page.getByTestId('offline-banner')).toBeHidden();
});

test('the manifest says what an installed app needs', async ({ request }) => {
  const manifest = await (await request.get('/manifest.webmanifest')).json();
  expect(manifest).toMatchObject({ name: 'Cowbell for mailcow', short_name: 'Cowbell', display: 'standalone' });
  // Relative to the manifest, so the app under a path (BASE_PATH) starts there: base-path.spec.ts.
  expect(new URL(manifest.start_url, `${ORIGIN}/manifest.webmanifest`).href).toBe(`${ORIGIN}/`);
  expect(manifest.theme_color).toBeTruthy();
  expect(manifest.background_color).toBeTruthy();
  const purposes = manifest.icons.map((i: { sizes: string; purpose: string }) => `${i.sizes}/${i.purpose}`);
  expect(purposes).toEqual(['192x192/any', '512x512/any', '512x512/maskable']);
  for (const icon of manifest.icons) {
    const res = await request.get(icon.src);
    expect(res.headers()['content-type']).toBe('image/png');
  }
});

persistentTest('Chromium reports no installability errors', async ({ page, context }) => {
  await page.goto('/');
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  const cdp = await context.newCDPSession(page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  expect(installabilityErrors).toEqual([]);
});

test.describe('bytes on the wire, as Chromium receives them', () => {
  // A cold load straight from the server: no service worker answers from its cache.
  test.use({ serviceWorkers: 'block' });

  test('the sign-in page stays within its byte budget, compressed', async ({ page, context }) => {
    // Counted whole: the page as it first renders, and the passkey suggestions it loads by itself
    // once idle (the name field offers passkeys where the browser has conditional mediation).
    const responses = await wireBytes(page, context, async () => {
      const passkeyCode = page.waitForResponse(/passkey-sign-in-[\w-]+\.js$/);
      await page.goto('/sign-in');
      await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
      await passkeyCode;
      await page.waitForLoadState('networkidle');
    });
    const jsCss = responses.filter((r) => /\.(js|css)$/.test(new URL(r.url).pathname));
    expect(jsCss.length).toBeGreaterThan(3);
    expect(jsCss.filter((r) => r.encoding !== expectedEncoding(r.url))).toEqual([]);
    const bytes = jsCss.reduce((n, r) => n + r.wire, 0);
    expect(bytes).toBeGreaterThan(10_000);
    expect(bytes).toBeLessThanOrEqual(SIGN_IN_BUDGET);
  });
});

test("the service worker's first download is compressed too", async ({ page, context }) => {
  const precached: Promise<{ url: string; encoding?: string; vary?: string }>[] = [];
  context.on('requestfinished', (req) => {
    if (req.serviceWorker() && /\.(js|css|html)(\?|$)/.test(req.url())) {
      precached.push(req.response().then(async (res) => {
        const headers = await res!.allHeaders();
        return { url: req.url(), encoding: headers['content-encoding'], vary: headers.vary };
      }));
    }
  });
  await page.goto('/sign-in');
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await page.waitForLoadState('networkidle');
  const seen = await Promise.all(precached);
  expect(seen.length).toBeGreaterThan(10);
  expect(seen.filter((r) => (r.encoding ?? 'identity') !== expectedEncoding(r.url) || r.vary !== 'Accept-Encoding')).toEqual([]);
  expect(seen.filter((r) => r.encoding === 'br').length).toBeGreaterThan(10);
});

test("a phone user's path never downloads admin code, not even into the precache", async ({ page, context, world }) => {
  const urls: string[] = [];
  context.on('request', (r) => urls.push(r.url()));
  await page.goto('/');
  await new SignInPage(page).signIn(world.user, PASSWORD);
  await expect(page.getByTestId('home-address')).toBeVisible();
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await page.waitForLoadState('networkidle');
  expect(urls.filter((u) => u.includes('/assets/')).length).toBeGreaterThan(3);
  expect(urls.filter((u) => u.includes('/assets/admin/'))).toEqual([]);
  expect(readFileSync('dist/sw.js', 'utf8')).not.toContain('assets/admin/');
});

test('every lazy route chunk stays within its budget, as sent', async () => {
  const html = readFileSync('dist/index.html', 'utf8');
  const initial = new Set([...html.matchAll(/\/assets\/([^"]+\.js)/g)].map((m) => m[1]));
  const files = readdirSync('dist/assets', { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js') && !initial.has(f));
  expect(files.length).toBeGreaterThan(3);
  for (const f of files) {
    const sent = await rawGet(`/assets/${f}`, CHROMIUM_ACCEPT_ENCODING);
    expect.soft(sent.encoding, f).toBe(expectedEncoding(`/assets/${f}`));
    expect.soft(sent.bytes, f).toBeLessThanOrEqual(ROUTE_CHUNK_BUDGET);
  }
});

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, persistentTest, PASSWORD, test } from '../fixtures.ts';
import { SignInPage } from '../pages/SignInPage.ts';

const SIGN_IN_BUDGET = 75 * 1024;
const ROUTE_CHUNK_BUDGET = 30 * 1024;
const gz = (b: Buffer) => gzipSync(b, { level: 9 }).length;

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
  expect(manifest).toMatchObject({ name: 'Cowbell for mailcow', short_name: 'Cowbell', start_url: '/', display: 'standalone' });
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

test('the sign-in page stays within its byte budget', async ({ page }) => {
  const sizes: Promise<number>[] = [];
  page.on('response', (res) => {
    if (/\.(js|css)$/.test(new URL(res.url()).pathname)) sizes.push(res.body().then(gz));
  });
  await page.goto('/sign-in');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await page.waitForLoadState('networkidle');
  const bytes = (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
  expect(bytes).toBeGreaterThan(10_000);
  expect(bytes).toBeLessThanOrEqual(SIGN_IN_BUDGET);
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

test('every lazy route chunk stays within its budget', async () => {
  const html = readFileSync('dist/index.html', 'utf8');
  const initial = new Set([...html.matchAll(/\/assets\/([^"]+\.js)/g)].map((m) => m[1]));
  const files = readdirSync('dist/assets', { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js') && !initial.has(f));
  expect(files.length).toBeGreaterThan(3);
  for (const f of files) expect.soft(gz(readFileSync(join('dist/assets', f))), f).toBeLessThanOrEqual(ROUTE_CHUNK_BUDGET);
});

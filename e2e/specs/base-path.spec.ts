// Cowbell under a path of mailcow's host: the same build, served by a second server started here with
// BASE_PATH=/cowbell/ on its own port (same database and Redis), as nginx would pass /cowbell/ to it.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { eq } from 'drizzle-orm';
import { cowbellPushSubscriptions } from '../../db/schema/cowbell.ts';
import { spamalias } from '../../db/schema/mail.ts';
import { issueToken } from '../../server/features/push/action-tokens.ts';
import { E2E_SERVER_ENV } from '../../playwright.config.ts';
import { expect, PASSWORD, test as base } from '../fixtures.ts';
import { stubPushService } from '../pages/pushStub.ts';
import { ServiceWorkerDriver } from '../pages/serviceWorker.ts';
import { SignInPage } from '../pages/SignInPage.ts';

/** The app's URL ("http://127.0.0.1:port/cowbell/"): one server per worker (a retry or --repeat-each may run two), each on its own port. */
const test = base.extend<object, { cowbell: string }>({
  cowbell: [async ({}, use, info) => {
    const origin = `http://127.0.0.1:${8094 + (Number(process.env.COWBELL_PORT_OFFSET ?? 0) || 0) + info.parallelIndex}`;
    const server = spawn(process.execPath, ['--enable-source-maps', 'dist-server/index.mjs'], {
      env: { ...process.env, ...E2E_SERVER_ENV, PORT: new URL(origin).port, BASE_PATH: '/cowbell/', PUBLIC_URL: `${origin}/cowbell/` },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const exited = once(server, 'exit');
    await Promise.race([
      expect.poll(async () => (await fetch(`${origin}/cowbell/api/health`).catch(() => null))?.status, { timeout: 30_000 }).toBe(200),
      exited.then(() => { throw new Error('the BASE_PATH server did not start'); }),
    ]);
    await use(`${origin}/cowbell/`);
    server.kill('SIGTERM');
    await exited;
  }, { scope: 'worker' }],
});
test.describe.configure({ mode: 'serial' });
test.use({ baseURL: async ({ cowbell }, use) => use(cowbell) });

test("answers nothing outside /cowbell/: mailcow's pages stay mailcow's", async ({ request, cowbell: BASE }) => {
  const HOST = new URL(BASE).origin;
  for (const path of ['/', '/sign-in', '/api/health', '/sw.js', '/manifest.webmanifest', '/SOGo/']) {
    expect((await request.get(`${HOST}${path}`)).status(), path).toBe(404);
  }
  const shell = await request.get(`${HOST}/cowbell`);
  expect(shell.url()).toBe(BASE);
  expect(await shell.text()).toContain('<base href="/cowbell/">');
});

test('signs in at /cowbell/sign-in and moves around below the prefix, deep links included', async ({ page, context, world, quarantine, cowbell: BASE }) => {
  const { id } = await quarantine({ subject: 'Under a path' });
  await page.goto('sign-in');
  await new SignInPage(page).signIn(world.user, PASSWORD);
  await expect(page.getByTestId('home-address')).toHaveText(world.user);
  await expect(page).toHaveURL(BASE);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Quarantine/ }).click();
  await expect(page).toHaveURL(`${BASE}quarantine`);
  await page.goto(`quarantine/${id}`);
  await expect(page).toHaveTitle('Quarantined message · Cowbell');
  await expect(page.getByText('Under a path').first()).toBeVisible();
  const cookies = await context.cookies(BASE);
  expect(cookies.map((c) => `${c.name} ${c.path}`).sort()).toEqual(['cowbell_csrf /cowbell/', 'cowbell_session /cowbell/']);
  // Signed out, the app's sign-in page is the prefix's, too.
  await context.clearCookies();
  await page.goto('settings');
  await expect(page).toHaveURL(/\/cowbell\/sign-in\?next=(\/|%2F)settings$/);
});

test('its service worker serves the scope /cowbell/, and its manifest names only URLs below it', async ({ page, request, cowbell: BASE }) => {
  await page.goto('sign-in');
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  expect(await page.evaluate(async () => (await navigator.serviceWorker.ready).scope)).toBe(BASE);
  expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(`${BASE}sw.js`);
  const manifestUrl = await page.locator('link[rel="manifest"]').evaluate((l: HTMLLinkElement) => l.href);
  expect(manifestUrl).toBe(`${BASE}manifest.webmanifest`);
  const manifest = await (await request.get(manifestUrl)).json();
  const at = (url: string) => new URL(url, manifestUrl).href;
  expect([manifest.start_url, manifest.scope, manifest.shortcuts[0].url, manifest.share_target.action].map(at))
    .toEqual([BASE, BASE, `${BASE}aliases/new`, `${BASE}aliases/new`]);
  for (const icon of manifest.icons) expect((await request.get(at(icon.src))).headers()['content-type']).toBe('image/png');
  // Offline, a deep link still gets the shell from the worker's precache.
  await page.context().setOffline(true);
  await page.goto('quarantine');
  await expect(page.getByTestId('offline-banner')).toBeVisible();
  await page.context().setOffline(false);
});

test("a notification's button reaches /cowbell/push-actions", async ({ page, context, world, deps, cowbell: BASE }) => {
  await stubPushService(context, page, new URL(BASE).origin);
  await page.goto('sign-in');
  await new SignInPage(page).signIn(world.user, PASSWORD);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await page.getByTestId('push-card').getByRole('button', { name: 'Turn on' }).click();
  await expect(page.getByTestId('push-card').getByRole('listitem')).toContainText('(this device)');
  const sw = await ServiceWorkerDriver.attach(context, page, BASE);
  const [sub] = await deps.db.select().from(cowbellPushSubscriptions).where(eq(cowbellPushSubscriptions.username, world.user));
  const address = `base${Date.now().toString(36)}.e2e@${world.domain}`;
  const validity = Math.floor(Date.now() / 1000) + 3600;
  await deps.db.insert(spamalias).values({ address, goto: world.user, description: 'e2e', validity, permanent: 0 });
  const token = await issueToken(deps.redis, { address, subscriptionId: sub.id, username: world.user, action: 'extend' });
  // As deliver() sends it: the page's URL with the prefix.
  await sw.push({ kind: 'alias_expiry', title: 'Expiring', body: address, url: '/cowbell/aliases', badge: -1, tag: 'base-path',
    actions: [{ action: 'extend', title: 'Extend by a month', token }] });
  await expect.poll(async () => (await sw.shown()).length).toBe(1);
  await sw.tap('base-path', 'extend');
  await expect.poll(async () => (await deps.db.select().from(spamalias).where(eq(spamalias.address, address)))[0].validity)
    .toBeGreaterThan(validity);
});

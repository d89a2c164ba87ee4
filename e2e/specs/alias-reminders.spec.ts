import type { Page } from '@playwright/test';
import { eq } from 'drizzle-orm';
import { spamalias } from '../../db/schema/mail.ts';
import { remindExpiringAliases } from '../../server/jobs/alias-reminders.ts';
import type { QueuedSend } from '../../server/jobs/push-queue.ts';
import type { OwnedDeps } from '../../server/deps.ts';
import { expect, PASSWORD, test } from '../fixtures.ts';
import { stubPushService } from '../pages/pushStub.ts';
import { ServiceWorkerDriver } from '../pages/serviceWorker.ts';
import { SignInPage } from '../pages/SignInPage.ts';

const HOUR = 3600;
const unixNow = () => Math.floor(Date.now() / 1000);

const reminderBox = (page: Page) =>
  page.getByTestId('alias-reminders').getByRole('checkbox', { name: 'Remind me a day before a time-limited alias expires' });

test.beforeEach(async ({ context, page, world }) => {
  await stubPushService(context, page);
  await page.goto('/sign-in');
  await new SignInPage(page).signIn(world.user, PASSWORD);
  await expect(page.getByTestId('home-address')).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await expect(reminderBox(page)).not.toBeChecked();
});

test('a save the server refuses is explained, and the box shows reminders still off', async ({ page }) => {
  await page.route('**/api/alias-reminders', (route) => (route.request().method() === 'PUT'
    ? route.fulfill({ status: 500, json: { error: { code: 'internal', message: 'Internal error.', issues: [] } } }) : route.continue()));
  await reminderBox(page).click();
  await expect(page.getByTestId('alias-reminders')).toContainText('Something went wrong on our side. Try again later.');
  await expect(reminderBox(page)).not.toBeChecked();
});

/**
 * An alias of the user, and the reminder the server's round makes for it five hours before it expires.
 * It expires in 30 hours and the round runs on a clock 25 hours ahead: the server's own round (every
 * 15 minutes) leaves it alone, so this one is the round that announces it.
 */
async function reminderFor(deps: OwnedDeps, user: string) {
  const address = `remind${Date.now().toString(36)}.e2e@${user.split('@')[1]}`;
  const validity = unixNow() + 30 * HOUR;
  await deps.db.insert(spamalias).values({ address, goto: user, description: 'e2e', validity, permanent: 0 });
  const queued: QueuedSend[] = [];
  await remindExpiringAliases({ ...deps, now: () => Date.now() + 25 * HOUR * 1000 }, async (sends) => { queued.push(...sends); }, [user]);
  expect(queued).toHaveLength(1);
  return { address, validity, payload: queued[0].data.payload };
}

const validityOf = async (deps: OwnedDeps, address: string) =>
  (await deps.db.select({ validity: spamalias.validity }).from(spamalias).where(eq(spamalias.address, address)))[0]?.validity;

test.describe('with reminders on and notifications on this device', () => {
  test.beforeEach(async ({ page }) => {
    await page.getByTestId('push-card').getByRole('button', { name: 'Turn on' }).click();
    await expect(page.getByTestId('push-card').getByRole('listitem')).toContainText('(this device)');
    // The reload below must not cut the save short.
    const saved = page.waitForResponse((r) => r.url().endsWith('/api/alias-reminders') && r.request().method() === 'PUT' && r.ok());
    await reminderBox(page).check();
    await saved;
    await page.reload();
    await expect(reminderBox(page)).toBeChecked();
  });

  test('a reminder shows with its Extend button, and Extend makes the alias valid for another month', async ({ context, page, world, deps }) => {
    const sw = await ServiceWorkerDriver.attach(context, page);
    const { address, validity, payload } = await reminderFor(deps, world.user);
    await sw.push(payload);
    await expect.poll(() => sw.shown()).toEqual([{ title: 'A time-limited alias expires soon', tag: payload.tag, actions: ['Extend by a month'],
      body: `\u2068${address}\u2069 stops receiving mail in about 5 hours.` }]);
    await sw.tap(payload.tag, 'extend');
    await expect.poll(() => validityOf(deps, address)).toBeGreaterThanOrEqual(unixNow() + 743 * HOUR);
    expect(await validityOf(deps, address)).toBeGreaterThan(validity);
    await expect.poll(() => sw.shown()).toEqual([{ title: 'Alias extended', tag: payload.tag, actions: [],
      body: `\u2068${address}\u2069 receives mail for another month.` }]);
  });

  test('Extend on an alias that expired in the meantime says so, and revives nothing', async ({ context, page, world, deps }) => {
    const sw = await ServiceWorkerDriver.attach(context, page);
    const { address, payload } = await reminderFor(deps, world.user);
    await sw.push(payload);
    await expect.poll(async () => (await sw.shown()).length).toBe(1);
    const expired = unixNow() - 60;
    await deps.db.update(spamalias).set({ validity: expired }).where(eq(spamalias.address, address));
    await sw.tap(payload.tag, 'extend');
    await expect.poll(() => sw.shown()).toEqual([{ title: 'Alias not extended', tag: payload.tag, actions: [],
      body: `\u2068${address}\u2069 has expired already. Make a new alias in Cowbell.` }]);
    expect(await validityOf(deps, address)).toBe(expired);
  });
});

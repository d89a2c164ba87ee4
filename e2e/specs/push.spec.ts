import type { Page } from '@playwright/test';
import { expect, PASSWORD, test } from '../fixtures.ts';
import { stubPushService } from '../pages/pushStub.ts';
import { ServiceWorkerDriver } from '../pages/serviceWorker.ts';
import { SignInPage } from '../pages/SignInPage.ts';

test.beforeEach(async ({ context, page, world }) => {
  await stubPushService(context, page);
  await page.goto('/sign-in');
  await new SignInPage(page).signIn(world.user, PASSWORD);
  await expect(page.getByTestId('home-address')).toBeVisible();
});

test('turns notifications on for this device, sends a test, and turns them off', async ({ page }) => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  const card = page.getByTestId('push-card');
  await card.getByRole('button', { name: 'Turn on' }).click();
  await expect(card).toContainText('This device is told about new quarantined mail.');
  await expect(card.getByRole('listitem')).toContainText('(this device)');
  await card.getByRole('checkbox', { name: 'Show sender, subject and alias descriptions in notifications' }).check();
  await card.getByRole('button', { name: 'Send a test' }).click();
  await expect(page.getByTestId('push-test-result')).toHaveText('Sent. It should appear in a moment.');
  await page.reload();
  await expect(page.getByTestId('push-card').getByRole('checkbox', { name: 'Show sender, subject and alias descriptions in notifications' })).toBeChecked();
  await page.getByTestId('push-card').getByRole('button', { name: 'Turn off' }).click();
  await expect(page.getByTestId('push-card').getByRole('button', { name: 'Turn on' })).toBeVisible();
});

test('the service worker shows a pushed notification with its action buttons', async ({ page, context }) => {
  const sw = await ServiceWorkerDriver.attach(context, page);
  const payload = { kind: 'quarantine', title: 'A message was quarantined', body: 'Category: rejected. Open Cowbell to review.',
    url: '/quarantine/1', badge: 1, tag: 'cowbell-quarantine', actions: [
      { action: 'release', title: 'Release', token: 't1'.repeat(12) }, { action: 'delete', title: 'Delete', token: 't2'.repeat(12) },
      { action: 'learn_ham', title: 'Not spam', token: 't3'.repeat(12) }] };
  await sw.push(payload);
  await expect.poll(() => sw.shown()).toEqual([{ title: 'A message was quarantined', body: 'Category: rejected. Open Cowbell to review.',
    tag: 'cowbell-quarantine', actions: expect.arrayContaining(['Release', 'Delete']) }]);
});

test('renames a device in its row: Enter saves, Escape cancels without a request, focus comes back', async ({ page }) => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  const card = page.getByTestId('push-card');
  await card.getByRole('button', { name: 'Turn on' }).click();
  const rename = card.getByRole('button', { name: 'Rename' });
  const name = card.getByRole('textbox', { name: 'Device name' });
  await rename.click();
  await expect(name).toBeFocused();
  await expect(name).toHaveAttribute('maxlength', '100'); // the server's limit (push.schema.ts)
  await name.fill('Work phone');
  await name.press('Enter');
  await expect(name).toBeHidden();
  await expect(card.getByRole('listitem')).toContainText('Work phone');
  await expect(rename).toBeFocused();

  const patches: string[] = [];
  page.on('request', (r) => { if (r.method() === 'PATCH') patches.push(r.url()); });
  await rename.click();
  await name.fill('Never saved');
  await name.press('Escape');
  await expect(name).toBeHidden();
  await expect(rename).toBeFocused();
  await expect(card.getByRole('listitem')).toContainText('Work phone');
  expect(patches).toEqual([]);
});

test('a device name the server refuses is explained in words, not in zod\'s, in the user\'s language', async ({ page }) => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  const card = page.getByTestId('push-card');
  await card.getByRole('button', { name: 'Turn on' }).click();
  await card.getByRole('button', { name: 'Rename' }).click();
  const name = card.getByRole('textbox', { name: 'Device name' });
  await name.fill('   '); // blank once the server trims it
  await card.getByRole('button', { name: 'Save' }).click();
  await expect(name).toHaveAccessibleDescription('Enter a name for this device.');
  await expect(name).toBeFocused();
  await expect(card).not.toContainText('Too small');
  await page.getByLabel('Language').selectOption('de');
  await expect(card.getByRole('textbox', { name: 'Gerätename' })).toHaveAccessibleDescription('Geben Sie einen Namen für dieses Gerät ein.');
});

test.describe('when the browser refuses', () => {
  const openCard = async (page: Page) => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    return page.getByTestId('push-card');
  };

  test('a permission prompt that fails says the browser blocked it, not that the server failed', async ({ page }) => {
    await page.addInitScript(() => {
      Notification.requestPermission = () => Promise.reject(new DOMException('Permission denied by policy', 'NotAllowedError'));
    });
    await page.reload();
    const card = await openCard(page);
    await card.getByRole('button', { name: 'Turn on' }).click();
    await expect(card).toContainText('Your browser blocked notifications for Cowbell. Allow them in the browser\'s site settings');
    await expect(card).not.toContainText('on our side');
  });

  test('a prompt closed without an answer says how to be asked again', async ({ page }) => {
    await page.addInitScript(() => { Notification.requestPermission = async () => 'default'; });
    await page.reload();
    const card = await openCard(page);
    await card.getByRole('button', { name: 'Turn on' }).click();
    await expect(card).toContainText('the question was closed without an answer');
  });

  test('a push service that will not register is the browser\'s failure, in the user\'s language', async ({ page }) => {
    await page.addInitScript(() => {
      PushManager.prototype.subscribe = () => Promise.reject(new DOMException('Registration failed - push service error', 'AbortError'));
    });
    await page.reload();
    const card = await openCard(page);
    await card.getByRole('button', { name: 'Turn on' }).click();
    await expect(card).toContainText('Your browser could not register with its push service.');
    await page.getByLabel('Language').selectOption('de');
    await card.getByRole('button', { name: 'Einschalten' }).click();
    await expect(card).toContainText('Ihr Browser konnte sich nicht bei seinem Push-Dienst anmelden.');
    await expect(card).not.toContainText('Bei uns ist etwas schiefgegangen');
  });
});

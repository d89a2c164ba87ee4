import { eq } from 'drizzle-orm';
import { cowbellPushSubscriptions } from '../../db/schema/cowbell.ts';
import { newMailSends } from '../../server/features/new-mail-push/notification.ts';
import { newMailSettings } from '../../server/features/new-mail-push/rules.schema.ts';
import { muteSender } from '../../server/features/new-mail-push/settings.service.ts';
import { expect, PASSWORD, test } from '../fixtures.ts';
import { NewMailScreen } from '../pages/NewMailScreen.ts';
import { stubPushService } from '../pages/pushStub.ts';
import { ServiceWorkerDriver } from '../pages/serviceWorker.ts';
import { SignInPage } from '../pages/SignInPage.ts';
import { smallTapTargets } from '../pages/tapTargets.ts';

test.beforeEach(async ({ context, page, world }) => {
  await stubPushService(context, page);
  await page.goto('/sign-in');
  await new SignInPage(page).signIn(world.user, PASSWORD);
  await expect(page.getByTestId('home-address')).toBeVisible();
});

/** The screen open and new mail switched on for this device, which had no notifications before. */
async function openWithDevice(screen: NewMailScreen, page: import('@playwright/test').Page) {
  await screen.open();
  await page.getByTestId('new-mail-device').getByRole('button', { name: 'Turn on notifications' }).click();
  await expect(screen.deviceSwitch()).toBeChecked();
}

test('sets the rules on a phone: a VIP, muted senders (a bad entry refused at its field), quiet hours; all kept', async ({ page }) => {
  const screen = new NewMailScreen(page);
  await openWithDevice(screen, page);
  // The defaults: Inbox only, private, no quiet hours.
  await expect(screen.entries('folders')).toHaveText(['Inbox']);
  await expect(page.getByRole('radio', { name: 'Only “New mail”' })).toBeChecked();
  await expect(screen.quiet().getByRole('checkbox', { name: 'Keep quiet at certain hours' })).not.toBeChecked();

  await screen.add('vip', 'Address of a VIP sender', ' Boss@Example.org ');
  await expect(screen.entries('vip')).toHaveText(['boss@example.org']);

  const mute = screen.list('muted').getByRole('textbox', { name: 'Address or @domain to mute' });
  await screen.add('muted', 'Address or @domain to mute', 'news.example.org');
  await expect(mute).toHaveAccessibleDescription('Not an email address or a domain like @example.org.');
  await expect(mute).toHaveValue('news.example.org'); // kept, to be mended
  await screen.add('muted', 'Address or @domain to mute', 'boss@example.org');
  await expect(mute).toHaveAccessibleDescription('This address is a VIP sender. Remove it there first to mute it.');
  await screen.add('muted', 'Address or @domain to mute', '@News.Example.org');
  await expect(mute).toHaveValue('');
  await expect(screen.entries('muted')).toHaveText(['@news.example.org']);

  await screen.add('folders', 'Add a folder by name', 'Lists/dev');
  await screen.list('folders').getByRole('button', { name: 'Remove Lists/dev' }).click();
  await expect(screen.entries('folders')).toHaveText(['Inbox']);

  await screen.quiet().getByRole('checkbox', { name: 'Keep quiet at certain hours' }).check();
  await screen.quiet().getByLabel('From').fill('22:30');
  await screen.quiet().getByLabel('Until').fill('06:45');
  await screen.quiet().getByLabel('Time zone').selectOption('Europe/Berlin');
  await page.getByRole('radio', { name: 'Sender and subject' }).check();
  await expect(page.getByText('Unsaved changes')).toBeVisible();
  // The screen and its dock (a global announcement another spec sets meanwhile is not this screen's).
  expect(await smallTapTargets(page, '[data-testid="new-mail-page"], .ui-dock, .bottom-nav')).toEqual([]);

  const saved = page.waitForResponse((r) => r.url().endsWith('/api/new-mail/settings') && r.request().method() === 'PUT');
  await screen.save();
  expect((await saved).status()).toBe(200);
  await expect(page.getByTestId('new-mail-saved')).toHaveText('Saved.');

  await page.reload();
  await expect(screen.entries('vip')).toHaveText(['boss@example.org']);
  await expect(screen.entries('muted')).toHaveText(['@news.example.org']);
  await expect(screen.deviceSwitch()).toBeChecked();
  await expect(page.getByRole('radio', { name: 'Sender and subject' })).toBeChecked();
  await expect(screen.quiet().getByRole('checkbox', { name: 'Keep quiet at certain hours' })).toBeChecked();
  await expect(screen.quiet().getByLabel('From')).toHaveValue('22:30');
  await expect(screen.quiet().getByLabel('Until')).toHaveValue('06:45');
  await expect(screen.quiet().getByLabel('Time zone')).toHaveValue('Europe/Berlin');
});

test('a limit out of range is marked at its field before anything is sent, nothing typed is lost, and the screen speaks German', async ({ page }) => {
  const screen = new NewMailScreen(page);
  await screen.open();
  // Typed but not added: Save adds it (a phone user often taps Save straight away).
  await screen.list('vip').getByRole('textbox', { name: 'Address of a VIP sender' }).fill('ann@example.org');
  const count = page.getByTestId('new-mail-cap').getByLabel('Notifications at most');
  await count.fill('500');
  const puts: string[] = [];
  page.on('request', (r) => { if (r.method() === 'PUT') puts.push(r.url()); });
  await screen.save();
  await expect(count).toHaveAccessibleDescription('A number from 1 to 100.');
  await expect(count).toBeFocused();
  await expect(page.getByText('Some entries need a change first; they are marked.')).toBeVisible();
  await expect(screen.entries('vip')).toHaveText(['ann@example.org']);
  expect(puts).toEqual([]);
  await count.fill('20');
  await expect(count).not.toHaveAttribute('aria-invalid');
  await screen.save();
  await expect(page.getByTestId('new-mail-saved')).toHaveText('Saved.');
  // In German too (the language is picked in Settings).
  await page.goto('/settings');
  await page.getByLabel('Language').selectOption('de');
  await page.getByTestId('new-mail-link').getByRole('link', { name: 'Benachrichtigungen bei neuer E-Mail' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Benachrichtigungen bei neuer E-Mail' })).toBeVisible();
  await expect(page.getByTestId('new-mail-cap').getByLabel('Höchstens Benachrichtigungen')).toHaveValue('20');
  await expect(screen.entries('vip')).toHaveText(['ann@example.org']);
});

test("the server's refusal is shown at its field and its failure beside Save; the form keeps what was set", async ({ page }) => {
  const screen = new NewMailScreen(page);
  await screen.open();
  let answer = { status: 400, json: { error: { code: 'validation_failed', message: 'Invalid input.',
    issues: [{ path: 'quiet.timeZone', message: 'Not a known time zone. Use an IANA name such as Europe/Berlin.', code: 'invalid' }] } } };
  await page.route('**/api/new-mail/settings', (route) => (route.request().method() === 'PUT' ? route.fulfill(answer) : route.continue()));
  await screen.quiet().getByRole('checkbox', { name: 'Keep quiet at certain hours' }).check();
  await screen.quiet().getByLabel('Time zone').selectOption('America/New_York');
  await screen.add('muted', 'Address or @domain to mute', '@ads.example');
  await screen.save();
  await expect(screen.quiet().getByLabel('Time zone')).toHaveAccessibleDescription('Choose a time zone from the list.');
  await expect(screen.quiet().getByLabel('Time zone')).toHaveValue('America/New_York');
  await expect(screen.entries('muted')).toHaveText(['@ads.example']);
  answer = { status: 500, json: { error: { code: 'internal', message: 'Internal error.', issues: [] } } } as never;
  await screen.quiet().getByLabel('Time zone').selectOption('Europe/Vienna');
  await expect(screen.quiet().getByLabel('Time zone')).not.toHaveAttribute('aria-invalid');
  await screen.save();
  await expect(page.getByRole('alert').filter({ hasText: 'Something went wrong on our side. Try again later.' })).toBeVisible();
  await expect(screen.entries('muted')).toHaveText(['@ads.example']);
  await expect(screen.quiet().getByLabel('Time zone')).toHaveValue('Europe/Vienna');
});

test('a new-mail push shows with its Mute button, and Mute puts the sender on the muted list', async ({ page, context, world, deps }) => {
  const screen = new NewMailScreen(page);
  await openWithDevice(screen, page);
  const sw = await ServiceWorkerDriver.attach(context, page);
  const [device] = await deps.db.select().from(cowbellPushSubscriptions).where(eq(cowbellPushSubscriptions.username, world.user));
  // The payload as the server composes it: sender and subject allowed, a webmail URL, a real token.
  const webmail = { ...deps, env: { ...deps.env, WEBMAIL_URL_TEMPLATE: 'https://mail.example.test/SOGo/so/{user}/Mail/view#{sogoFolder}/{uid}' } };
  const [{ payload }] = await newMailSends(webmail, [device], { username: world.user, folder: 'INBOX', uid: 42,
    from: '"Shop News" <News@Shop.example>', subject: 'Your order', inboxUnseen: 4 }, newMailSettings.parse({ detail: 'sender_subject' }), 4);
  expect(payload.url).toMatch(/^https:\/\/mail\.example\.test\/SOGo\/so\//);

  await sw.push(payload);
  await expect.poll(() => sw.shown()).toEqual([{ title: '4 new messages, the latest from \u2068Shop News\u2069', body: '\u2068Your order\u2069',
    tag: 'cowbell-new-mail', actions: ['Mute sender'] }]);
  // A replacement under the same tag alerts again.
  expect(await page.evaluate(async () => (await (await navigator.serviceWorker.ready).getNotifications())
    .map((n) => (n as Notification & { renotify: boolean }).renotify))).toEqual([true]);

  const posted = context.waitForEvent('request', (r) => r.url().endsWith('/push-actions') && r.method() === 'POST');
  await sw.tap('cowbell-new-mail', 'mute_sender');
  expect((await posted).postDataJSON()).toEqual({ token: payload.actions[0].token, action: 'mute_sender' });
  // The user's saved settings are private (the default), so the notice on the lock screen does not name the sender.
  await expect.poll(() => sw.shown()).toEqual([{ title: 'Sender muted', tag: 'cowbell-new-mail', actions: [],
    body: 'Mail from this sender no longer notifies you. Undo it in Cowbell\'s settings.' }]);
  // The open screen hears it from the service worker; a reload reads it from the server.
  await expect(screen.entries('muted')).toHaveText(['news@shop.example']);
  await page.reload();
  await expect(screen.entries('muted')).toHaveText(['news@shop.example']);
});

test('the device list in Settings switches new mail per device, and the screen follows', async ({ page }) => {
  const screen = new NewMailScreen(page);
  await openWithDevice(screen, page);
  await page.getByRole('link', { name: 'Settings', exact: true }).first().click();
  const row = page.getByTestId('push-card').getByRole('listitem').filter({ hasText: '(this device)' });
  const box = row.getByRole('checkbox', { name: /^New mail on / });
  await expect(box).toBeChecked();
  await box.uncheck();
  await expect(box).not.toBeChecked();
  await page.reload();
  await expect(page.getByTestId('push-card').getByRole('listitem').filter({ hasText: '(this device)' })
    .getByRole('checkbox', { name: /^New mail on / })).not.toBeChecked();
  await page.getByTestId('new-mail-link').getByRole('link', { name: 'New mail notifications' }).click();
  await expect(screen.deviceSwitch()).not.toBeChecked();
});

test('a save over a change made elsewhere meanwhile is refused, and loading again shows that change', async ({ page, world, deps }) => {
  const screen = new NewMailScreen(page);
  await openWithDevice(screen, page);
  await screen.add('vip', 'Address of a VIP sender', 'boss@example.org');
  // Meanwhile "Mute sender" on a notification (another device) changes the saved settings.
  await muteSender(deps, { kind: 'push_token', username: world.user, role: 'user', ip: '127.0.0.1' }, 'spam@example.net');
  await screen.save();
  await expect(page.getByRole('alert').filter({ hasText: 'This was changed elsewhere since you opened it' })).toBeVisible();
  await page.getByTestId('new-mail-load-again').click();
  await expect(screen.entries('muted')).toHaveText(['spam@example.net']);
  await expect(screen.entries('vip')).toHaveText([]);
  // Read again, the same change saves.
  await screen.add('vip', 'Address of a VIP sender', 'boss@example.org');
  await screen.save();
  await expect(page.getByTestId('new-mail-saved')).toBeVisible();
  await page.reload();
  await expect(screen.entries('vip')).toHaveText(['boss@example.org']);
  await expect(screen.entries('muted')).toHaveText(['spam@example.net']);
});

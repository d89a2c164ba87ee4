// App passwords on a phone: made from Settings, the password shown once (copy, QR code) and gone on
// reload, switched off, changed and revoked. And a session ended from another device cannot make one.
import { eq } from 'drizzle-orm';
import { appPasswd } from '../../db/schema/access.ts';
import { cowbellAppPasswdExpiry } from '../../db/schema/cowbell.ts';
import { expect, PASSWORD, test } from '../fixtures.ts';
import { SignInPage, signedInOnTwoDevices } from '../pages/SignInPage.ts';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

test('an app password is shown once, copied, then only listed by name; switched off, changed and revoked', async ({ page, world, deps }) => {
  await page.goto('/sign-in');
  await new SignInPage(page).signIn(world.user, PASSWORD);
  await expect(page.getByTestId('home-address')).toBeVisible();
  await page.goto('/settings');
  await page.getByRole('link', { name: 'App passwords for mail apps' }).click();
  await expect(page.getByRole('heading', { name: 'App passwords', level: 1 })).toBeVisible();
  await expect(page.getByTestId('app-passwords-empty')).toBeVisible();

  const form = page.getByTestId('new-app-password');
  await expect(form.getByLabel('Reading mail (IMAP)')).toBeChecked();
  await expect(form.getByLabel('Sending mail (SMTP)')).toBeChecked();
  await expect(form.getByLabel('POP3')).not.toBeChecked();
  await form.getByLabel('Name (e.g. the device)').fill('Phone & tablet');
  await form.getByLabel('Works until (optional)').fill('2001-01-01');
  await form.getByRole('button', { name: 'Create app password' }).click();
  await expect(form.getByText('Choose a day in the future.')).toBeVisible();
  await form.getByLabel('Works until (optional)').fill('');
  await form.getByRole('button', { name: 'Create app password' }).click();

  const shown = page.getByTestId('app-password-secret');
  await expect(shown).toContainText('you will not see it again');
  const password = (await shown.getByTestId('app-password-value').textContent())!.trim();
  expect(password).toMatch(/^[A-Za-z2-9]{4}(-[A-Za-z2-9]{4}){5}$/);
  await expect(shown).toContainText(world.user);
  await expect(shown.getByRole('img', { name: 'The app password as a QR code' })).toBeVisible();
  await shown.getByRole('button', { name: 'Copy password' }).click();
  await expect(shown.getByRole('button', { name: 'Copied' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(password);

  const row = page.getByTestId('app-password-row');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Phone & tablet');
  await expect(row).toContainText('IMAP · SMTP');
  await expect(row).toContainText('No end date');
  // mailcow's way of storing the name, shown as typed.
  const [stored] = await deps.db.select().from(appPasswd).where(eq(appPasswd.mailbox, world.user));
  expect(stored.name).toBe('Phone &amp; tablet');

  // Shown once: a reload (or leaving the page) forgets it; the list has only the name.
  await page.reload();
  await expect(row).toContainText('Phone & tablet');
  await expect(page.getByTestId('app-password-secret')).toHaveCount(0);
  expect(await page.content()).not.toContain(password);

  const toggle = row.getByRole('switch');
  await expect(toggle).toBeChecked();
  await toggle.click();
  await expect(row).toContainText('Off');
  await expect.poll(async () => (await deps.db.select().from(appPasswd).where(eq(appPasswd.id, stored.id)))[0].active).toBe(0);

  await row.getByRole('button', { name: 'Change' }).click();
  await row.getByLabel('Name', { exact: true }).fill('Old phone');
  await row.getByLabel('Sending mail (SMTP)').uncheck();
  await row.getByLabel('POP3').check();
  await row.getByRole('button', { name: 'Save' }).click();
  await expect(row).toContainText('IMAP · POP3');
  await expect(row).toContainText('Old phone');

  await row.getByRole('button', { name: 'Revoke' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
  await expect(row).toHaveCount(0);
  await expect(page.getByTestId('app-passwords-empty')).toBeVisible();
  expect(await deps.db.select().from(appPasswd).where(eq(appPasswd.mailbox, world.user))).toEqual([]);
});

test('an expired app password says so, and comes back on with a new date', async ({ page, world, deps, passwordHash }) => {
  const [res] = await deps.db.insert(appPasswd).values({ name: 'Holiday tablet', mailbox: world.user, domain: world.domain, password: passwordHash, active: 0 });
  await deps.db.insert(cowbellAppPasswdExpiry).values({ appPasswdId: res.insertId, username: world.user, expiresAt: Math.floor(Date.now() / 1000) - 86_400 });
  await page.goto('/sign-in');
  await new SignInPage(page).signIn(world.user, PASSWORD);
  await expect(page.getByTestId('home-address')).toBeVisible();
  await page.goto('/app-passwords');
  const row = page.getByTestId('app-password-row');
  await expect(row).toContainText('Expired');
  await expect(row.getByRole('switch')).toBeDisabled();
  await row.getByRole('button', { name: 'Change' }).click();
  const nextMonth = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  await row.getByLabel('Works until (optional)').fill(nextMonth);
  await row.getByRole('button', { name: 'Save' }).click();
  await expect(row).toContainText('Works until');
  await row.getByRole('switch').click();
  await expect(row).toContainText('On');
  await expect.poll(async () => (await deps.db.select().from(appPasswd).where(eq(appPasswd.id, res.insertId)))[0].active).toBe(1);
});

test('a session ended from another device is sent to sign-in by its next change, which does not happen', async ({ page, browser, world, deps }) => {
  const { other, otherContext } = await signedInOnTwoDevices(page, browser, test.info().project.use, world.user, PASSWORD);
  await other.goto('/app-passwords');
  await expect(other.getByRole('heading', { name: 'App passwords', level: 1 })).toBeVisible();

  await page.goto('/security');
  const rows = page.getByTestId('session-row');
  await expect(rows).toHaveCount(2);
  await rows.filter({ hasNotText: 'This device' }).getByRole('button', { name: 'Sign out' }).click();
  await expect(rows).toHaveCount(1);

  const form = other.getByTestId('new-app-password');
  await form.getByLabel('Name (e.g. the device)').fill('Stolen phone');
  await form.getByRole('button', { name: 'Create app password' }).click();
  await expect(other).toHaveURL(/\/sign-in\?next=(%2F|\/)app-passwords$/);
  await expect(other.getByTestId('app-password-secret')).toHaveCount(0);
  expect(await deps.db.select().from(appPasswd).where(eq(appPasswd.mailbox, world.user))).toEqual([]);
  await otherContext.close();
});

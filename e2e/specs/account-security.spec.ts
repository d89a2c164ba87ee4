// Password and sessions (issue 9) on a phone: one browser ends another's session, which is then sent
// to sign-in; the password is changed (a wrong current one refused under its field) and signs in.
import { eq } from 'drizzle-orm';
import { admin, appPasswd } from '../../db/schema/access.ts';
import { saslLog } from '../../db/schema/audit.ts';
import { mailbox } from '../../db/schema/mail.ts';
import { expect, PASSWORD, test } from '../fixtures.ts';
import { SignInPage, signedInOnTwoDevices } from '../pages/SignInPage.ts';

const NEW_PASSWORD = 'Changed-Pass-88';

test('ends another browser\'s session and changes the password', async ({ page, browser, world }) => {
  const { other, otherContext } = await signedInOnTwoDevices(page, browser, test.info().project.use, world.user, PASSWORD);

  await page.goto('/settings');
  await page.getByRole('link', { name: 'Sign-in and security' }).click();
  await expect(page.getByRole('heading', { name: 'Sign-in and security', level: 1 })).toBeVisible();
  const rows = page.getByTestId('session-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: 'This device' })).toHaveCount(1);
  await rows.filter({ hasNotText: 'This device' }).getByRole('button', { name: 'Sign out' }).click();
  await expect(rows).toHaveCount(1);

  // The other browser learns at its next call, inside the app, and is sent to sign in.
  await other.getByRole('link', { name: 'Settings' }).click();
  await expect(other).toHaveURL(/\/sign-in/);
  await otherContext.close();

  const form = page.getByTestId('change-password');
  await form.getByLabel('Current password').fill('not-my-password');
  await form.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
  await form.getByLabel('Repeat the new password').fill(NEW_PASSWORD);
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(form.getByText('This is not your current password.')).toBeVisible();

  await form.getByLabel('Current password').fill(PASSWORD);
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(form.getByText('Your password has been changed.')).toBeVisible();
  // This session carries on.
  await expect(page.getByTestId('session-row')).toHaveCount(1);

  await page.context().clearCookies();
  const signIn = new SignInPage(page);
  await signIn.open();
  await signIn.signIn(world.user, NEW_PASSWORD);
  await expect(page.getByTestId('home-address')).toBeVisible();
});

test('a mailbox with force_pw_update goes to the password change right after sign-in', async ({ page, world, deps }) => {
  await deps.db.update(mailbox).set({ attributes: '{"force_pw_update":"1"}' }).where(eq(mailbox.username, world.user));
  await page.goto('/sign-in');
  await new SignInPage(page).signIn(world.user, PASSWORD);
  await expect(page).toHaveURL(/\/security\?forced/);
  await expect(page.getByText('Your administrator asks you to choose a new password')).toBeVisible();
  const form = page.getByTestId('change-password');
  await form.getByLabel('Current password').fill(PASSWORD);
  await form.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
  await form.getByLabel('Repeat the new password').fill(NEW_PASSWORD);
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByTestId('home-address')).toBeVisible();
});

test('a domain admin with force_pw_update changes it first, then reaches the admin area', async ({ page, world, deps }) => {
  await deps.db.update(admin).set({ attributes: '{"force_tfa":"0","force_pw_update":"1"}' }).where(eq(admin.username, world.domainAdmin));
  await page.goto('/sign-in');
  await new SignInPage(page).signIn(world.domainAdmin, PASSWORD);
  await expect(page).toHaveURL(/\/admin\/security\?forced/);
  const form = page.getByTestId('change-password');
  await form.getByLabel('Current password').fill(PASSWORD);
  await form.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
  await form.getByLabel('Repeat the new password').fill(NEW_PASSWORD);
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByTestId('admin-counts')).toBeVisible();
});

test('lists recent sign-ins: this phone on the web, and a mail app with its app password', async ({ page, world, deps }) => {
  const [app] = await deps.db.insert(appPasswd).values({ name: 'Thunderbird', mailbox: world.user, domain: world.user.split('@')[1], password: 'x' }).$returningId();
  await deps.db.insert(saslLog).values({ service: 'imap', appPassword: app.id, username: world.user, realRip: '10.9.8.7' });
  await page.goto('/sign-in');
  await new SignInPage(page).signIn(world.user, PASSWORD);
  await expect(page.getByTestId('home-address')).toBeVisible();
  await page.goto('/security');
  const rows = page.getByTestId('sign-in-row');
  await expect(rows.filter({ hasText: 'Web' })).toContainText('Chrome on Android');
  await expect(rows.filter({ hasText: 'IMAP (mail app)' })).toContainText('App password “Thunderbird”');
  await expect(rows.filter({ hasText: 'IMAP (mail app)' })).toContainText('Internal network · 10.9.8.7');
});

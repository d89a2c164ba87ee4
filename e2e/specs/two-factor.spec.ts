// Two-factor sign-in with codes on a phone: an authenticator app set up on the security page (codes
// computed here as the app would), then a sign-in with password and code; a recovery code instead of
// the app; force_tfa sending a new sign-in to set one up first.
import { eq } from 'drizzle-orm';
import { Secret, TOTP } from 'otpauth';
import type { Page } from '@playwright/test';
import { admin, tfa } from '../../db/schema/access.ts';
import { mailbox } from '../../db/schema/mail.ts';
import { expect, PASSWORD, test } from '../fixtures.ts';
import { SignInPage } from '../pages/SignInPage.ts';

/** The app's code for `secret` at `offsetSteps` half minutes from now (the server takes ±1). */
const codeFor = (secret: string, offsetSteps = 0) =>
  new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: Date.now() + offsetSteps * 30_000 });

async function passwordStep(page: Page, username: string) {
  const signIn = new SignInPage(page);
  await signIn.open();
  await signIn.signIn(username, PASSWORD);
}

async function signInWithPassword(page: Page, username: string) {
  await passwordStep(page, username);
  await expect(page.getByTestId('tfa-needed')).toBeVisible();
}

async function addAuthenticatorApp(page: Page): Promise<string> {
  const factors = page.getByTestId('factors');
  await factors.getByRole('button', { name: 'Add authenticator app' }).click();
  const form = page.getByTestId('add-totp');
  await expect(form.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible();
  const secret = (await form.getByTestId('totp-secret').textContent())!.trim();
  await form.getByLabel('Name (e.g. “Phone”)').fill('Pixel');
  await form.getByLabel('6-digit code from the app').fill(codeFor(secret));
  await form.getByRole('button', { name: 'Confirm and add' }).click();
  return secret;
}

test('sets up an authenticator app, then signs in with password and code', async ({ page, world }) => {
  await passwordStep(page, world.user);
  await expect(page.getByTestId('home-address')).toBeVisible();
  await page.goto('/security');
  const secret = await addAuthenticatorApp(page);
  await expect(page.getByTestId('factor-row').filter({ hasText: 'Pixel' })).toContainText('Authenticator app');

  await page.context().clearCookies();
  await signInWithPassword(page, world.user);
  const code = page.getByLabel('6-digit code from your app');
  await expect(code).toHaveAttribute('inputmode', 'numeric');
  await expect(code).toHaveAttribute('autocomplete', 'one-time-code');
  await code.fill('000000');
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByRole('alert')).toContainText('This code is not correct');
  // The code that set the app up is spent; the next one works.
  await code.fill(codeFor(secret, 1));
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByTestId('home-address')).toBeVisible();
});

test('signs in with a recovery code instead of the app', async ({ page, world, deps }) => {
  const secret = new Secret({ size: 10 }).base32;
  await deps.db.insert(tfa).values({ username: world.user, keyId: 'Old phone', authmech: 'totp', secret, active: 1 });
  await signInWithPassword(page, world.user);
  await page.getByLabel('6-digit code from your app').fill(codeFor(secret));
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByTestId('home-address')).toBeVisible();

  await page.goto('/security');
  const card = page.getByTestId('recovery-codes');
  await card.getByRole('button', { name: 'Make recovery codes' }).click();
  const codes = card.getByTestId('recovery-code-list').getByRole('listitem');
  await expect(codes).toHaveCount(10);
  const recovery = (await codes.first().textContent())!.trim();

  await page.context().clearCookies();
  await signInWithPassword(page, world.user);
  await page.getByLabel('A recovery code').check();
  await page.getByLabel('Recovery code', { exact: true }).fill(recovery);
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByTestId('home-address')).toBeVisible();
  await page.goto('/security');
  await expect(page.getByTestId('recovery-left')).toHaveText('9 codes left.');
});

test('force_tfa sends a new sign-in to set up a second factor first', async ({ page, world, deps }) => {
  await deps.db.update(mailbox).set({ attributes: JSON.stringify({ force_tfa: '1' }) }).where(eq(mailbox.username, world.user));
  await passwordStep(page, world.user);
  await expect(page).toHaveURL(/\/security\?forced/);
  await expect(page.getByTestId('tfa-forced')).toContainText('set up a second factor');
  await page.goto('/aliases');
  await expect(page).toHaveURL(/\/security\?forced/);
  await addAuthenticatorApp(page);
  // Done: the app opens up at home.
  await expect(page.getByTestId('home-address')).toBeVisible();
});

test('an admin with force_tfa sets up a factor on the admin security page', async ({ page, world, deps }) => {
  await deps.db.update(admin).set({ attributes: JSON.stringify({ force_tfa: '1' }) }).where(eq(admin.username, world.admin));
  await passwordStep(page, world.admin);
  await expect(page).toHaveURL(/\/admin\/security\?forced/);
  await expect(page.getByTestId('tfa-forced')).toBeVisible();
  // Every account changes its own password here, admins too (their admin row).
  await expect(page.getByTestId('change-password')).toBeVisible();
  await addAuthenticatorApp(page);
  await expect(page).toHaveURL(/\/admin$/);
});

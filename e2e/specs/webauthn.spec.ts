// Security keys and passkeys on a phone, with Chromium's virtual authenticator (CDP WebAuthn domain):
// a key registered on the security page answers the second step after the password; a passkey signs
// in alone. WebAuthn needs a domain as RP id, so these pages are opened on localhost.
import type { Page } from '@playwright/test';
import { WEBAUTHN_ORIGIN } from '../../playwright.config.ts';
import { expect, PASSWORD, test } from '../fixtures.ts';
import { SignInPage } from '../pages/SignInPage.ts';
import { UserShell } from '../pages/UserShell.ts';

test.use({ baseURL: WEBAUTHN_ORIGIN });

/** A platform authenticator that verifies the user and needs no touch. */
async function virtualAuthenticator(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', { options: {
    protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true,
    automaticPresenceSimulation: true } });
  const credentials = async () => (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials;
  return { credentials };
}

async function signInAndOpenSecurity(page: Page, user: string) {
  const signIn = new SignInPage(page);
  await signIn.open();
  await signIn.signIn(user, PASSWORD);
  await new UserShell(page).expectHome(user);
  await page.goto('/security');
}

async function signOut(page: Page) {
  await page.goto('/settings');
  await new UserShell(page).signOut();
}

test('a security key registered on the security page answers the second step', async ({ page, world }) => {
  const authenticator = await virtualAuthenticator(page);
  await signInAndOpenSecurity(page, world.user);
  const keys = page.getByTestId('factors');
  await keys.getByRole('button', { name: 'Add security key' }).click();
  await keys.getByLabel('Name of the key').fill('Phone key');
  await keys.getByRole('button', { name: 'Add security key' }).click();
  await expect(keys.getByText('The security key “Phone key” was added.')).toBeVisible();
  expect(await authenticator.credentials()).toHaveLength(1);

  await signOut(page);
  await expect(page).toHaveURL(/\/sign-in/);
  await new SignInPage(page).signIn(world.user, PASSWORD);
  await expect(page.getByTestId('tfa-needed')).toContainText('Phone key');
  await page.getByRole('button', { name: 'Use your security key' }).click();
  await new UserShell(page).expectHome(world.user);
});

/** Registers a passkey on the security page; the authenticator keeps it as a discoverable credential. */
async function addPasskey(page: Page, authenticator: Awaited<ReturnType<typeof virtualAuthenticator>>, name: string) {
  const card = page.getByTestId('passkeys');
  await card.getByLabel('Name for the new passkey (optional)').fill(name);
  await card.getByRole('button', { name: 'Add a passkey' }).click();
  await expect(card.getByTestId('passkey-row')).toContainText(name);
  const [credential] = await authenticator.credentials();
  expect(credential.isResidentCredential).toBe(true);
}

test('a passkey signs in alone, with the button', async ({ page, world }) => {
  // A browser without passkeys among the name field's suggestions: only the button offers them.
  await page.addInitScript(() => { PublicKeyCredential.isConditionalMediationAvailable = async () => false; });
  const authenticator = await virtualAuthenticator(page);
  await signInAndOpenSecurity(page, world.user);
  await addPasskey(page, authenticator, 'This phone');

  await signOut(page);
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByLabel('E-mail address or admin name')).toHaveAttribute('autocomplete', 'username webauthn');
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await new UserShell(page).expectHome(world.user);
});

test('a passkey offered among the name field\'s suggestions signs in alone', async ({ page, world }) => {
  const authenticator = await virtualAuthenticator(page);
  await signInAndOpenSecurity(page, world.user);
  await addPasskey(page, authenticator, 'This phone');

  // The virtual authenticator picks the suggestion at once; a person would tap it in the name field.
  const passkeySignIn = page.waitForResponse((r) => r.url().endsWith('/api/session/passkey') && r.request().method() === 'POST');
  await signOut(page);
  expect((await passkeySignIn).status()).toBe(200);
  await new UserShell(page).expectHome(world.user);
});

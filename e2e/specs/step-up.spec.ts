// Step-up (issue 9): once the last proof of identity is older than STEP_UP_MINUTES, making a
// credential asks for the password first, then goes ahead by itself; a wrong password is said in the dialog.
import { createHash } from 'node:crypto';
import type { Page } from '@playwright/test';
import type { OwnedDeps } from '../../server/deps.ts';
import { keys } from '../../server/lib/redis-keys.ts';
import { expect, PASSWORD, test } from '../fixtures.ts';
import { SignInPage } from '../pages/SignInPage.ts';

/** Makes this browser's session look as if its sign-in was an hour ago (the server's clock is real). */
async function ageProof(page: Page, deps: OwnedDeps) {
  const cookie = (await page.context().cookies()).find((c) => /cowbell_session$/.test(c.name))!;
  const key = keys.session(createHash('sha256').update(cookie.value).digest('hex'));
  const session = JSON.parse((await deps.redis.get(key))!);
  session.provedAt = Date.now() - 3_600_000;
  await deps.redis.set(key, JSON.stringify(session), 'KEEPTTL');
}

/** Signed in an hour ago (as far as the proof goes), asking Settings for a new token. */
async function askForTokenLater(page: Page, deps: OwnedDeps, user: string) {
  await page.goto('/sign-in');
  await new SignInPage(page).signIn(user, PASSWORD);
  await expect(page.getByTestId('home-address')).toBeVisible();
  await page.goto('/settings');
  await ageProof(page, deps);
  const card = page.getByRole('region', { name: 'Password managers' });
  await card.getByLabel('Name of the new token').fill('Bitwarden');
  await card.getByRole('button', { name: 'Create token' }).click();
  return card;
}

test('a stale proof asks for the password before a token is made, then makes it', async ({ page, world, deps }) => {
  const card = await askForTokenLater(page, deps, world.user);
  const dialog = page.getByTestId('step-up');
  await expect(dialog.getByRole('heading', { name: 'Confirm it is you' })).toBeVisible();
  await dialog.getByLabel('Password').fill('not-my-password');
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  await expect(dialog.getByText('This is not your password.')).toBeVisible();

  await dialog.getByLabel('Password').fill(PASSWORD);
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(card.getByTestId('alias-token-secret')).toContainText('shown only this once');
});

test('cancelling the confirmation makes nothing and says why', async ({ page, world, deps }) => {
  const card = await askForTokenLater(page, deps, world.user);
  await page.getByTestId('step-up').getByRole('button', { name: 'Cancel' }).click();
  await expect(card.getByText('Confirm it is you, then try again.')).toBeVisible();
  await expect(card.getByTestId('alias-token')).toHaveCount(0);
});

import { expect, PASSWORD, test } from '../fixtures.ts';
import { SignInPage } from '../pages/SignInPage.ts';

test('an admin signs in to the admin overview with real counts, and signs out', async ({ page, world }) => {
  const signIn = new SignInPage(page);
  await signIn.open();
  await signIn.signIn(world.admin, PASSWORD);
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByText('All domains on this server.')).toBeVisible();
  const counts = page.getByTestId('admin-counts');
  await expect(counts).toBeVisible();
  // At least this test's own domain and its three mailboxes.
  const mailboxes = Number(await counts.locator('dd').nth(1).textContent());
  expect(mailboxes).toBeGreaterThanOrEqual(3);
  await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
});

test('a domain admin sees only the domains they manage', async ({ page, world }) => {
  const signIn = new SignInPage(page);
  await signIn.open();
  await signIn.signIn(world.domainAdmin, PASSWORD);
  await expect(page.getByText('The domains you manage.')).toBeVisible();
  await expect(page.getByTestId('admin-counts').locator('dd')).toHaveText(['1', '3', '0']);
});

test('a mailbox user is kept out of the admin area', async ({ page, world }) => {
  const signIn = new SignInPage(page);
  await signIn.open();
  await signIn.signIn(world.user, PASSWORD);
  await expect(page.getByTestId('home-address')).toBeVisible();
  await page.goto('/admin');
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId('home-address')).toBeVisible();
});

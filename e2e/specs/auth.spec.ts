import { expect, PASSWORD, test } from '../fixtures.ts';
import { SignInPage } from '../pages/SignInPage.ts';
import { UserShell } from '../pages/UserShell.ts';

test('a mailbox user signs in, sees their mailbox, and signs out', async ({ page, world }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in$/);
  const signIn = new SignInPage(page);
  await signIn.signIn(world.user, PASSWORD);
  const shell = new UserShell(page);
  await shell.expectHome(world.user);
  await expect(page.getByRole('heading', { name: 'Hello, Alice Tester' })).toBeVisible();
  await expect(page.getByTestId('quota-text')).toHaveText('0 B of 1 GiB used');
  await expect(page.getByRole('region', { name: 'Last sign-ins' })).toContainText('Web');
  await shell.openSettings();
  await shell.signOut();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await page.goto('/settings');
  await expect(page).toHaveURL(/\/sign-in\?next=(\/|%2F)settings$/);
});

test('a wrong password says so and keeps the user on the form', async ({ page, world }) => {
  const signIn = new SignInPage(page);
  await signIn.open();
  await signIn.signIn(world.user, 'not the password');
  await expect(signIn.error()).toHaveText('The name or password is not correct.');
  await expect(page.getByLabel('Password')).toHaveValue('');
});

test('repeated failures lock the account with a retry time', async ({ page, world }) => {
  const signIn = new SignInPage(page);
  await signIn.open();
  for (let i = 0; i < 5; i++) {
    await signIn.signIn(world.user, `wrong-${i}`);
    await expect(signIn.error()).toHaveText('The name or password is not correct.');
  }
  await signIn.signIn(world.user, PASSWORD);
  await expect(signIn.error()).toHaveText('Too many failed attempts. Try again in 15 minutes.');
});

test('a mailbox with login disallowed is told why', async ({ page, world }) => {
  const signIn = new SignInPage(page);
  await signIn.open();
  await signIn.signIn(world.disallowedUser, PASSWORD);
  await expect(signIn.error()).toContainText('Sign-in is not allowed for this mailbox');
});

test('a user with a second factor is told it is needed', async ({ page, world }) => {
  const signIn = new SignInPage(page);
  await signIn.open();
  await signIn.signIn(world.tfaUser, PASSWORD);
  await expect(page.getByTestId('tfa-needed')).toContainText('Pocket key');
  await page.getByRole('button', { name: 'Back to sign-in' }).click();
  await expect(page.getByLabel('Password')).toBeVisible();
});

test('a name that is no address is explained under the field, and the fields take no more than the server does', async ({ page }) => {
  const signIn = new SignInPage(page);
  await signIn.open();
  await expect(page.getByLabel('E-mail address or admin name')).toHaveAttribute('maxlength', '255');
  await expect(page.getByLabel('Password')).toHaveAttribute('maxlength', '1024');
  await signIn.signIn('not a name!', 'whatever');
  await expect(signIn.error()).toHaveText('Some fields are not valid.');
  await expect(page.getByLabel('E-mail address or admin name')).toHaveAccessibleDescription(
    'Enter an e-mail address (name@example.org) or an admin name.');
});

test.describe('in German', () => {
  test.use({ locale: 'de-DE' });

  test('validation messages are German too, never the server\'s English', async ({ page }) => {
    const signIn = new SignInPage(page, 'de');
    await signIn.open();
    await signIn.signIn('kein name!', '');
    await expect(signIn.error()).toHaveText('Einige Felder sind ungültig.');
    await expect(page.getByLabel('E-Mail-Adresse oder Admin-Name')).toHaveAccessibleDescription(
      'Geben Sie eine E-Mail-Adresse (name@example.org) oder einen Admin-Namen ein.');
    await expect(page.getByLabel('Passwort')).toHaveAccessibleDescription('Geben Sie Ihr Passwort ein.');
    await expect(page.getByRole('main')).not.toContainText('Enter');
  });

  test('follows the browser language, and a chosen language sticks', async ({ page, world }) => {
    const signIn = new SignInPage(page, 'de');
    await signIn.open();
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    await signIn.signIn(world.user, PASSWORD);
    await expect(page.getByRole('region', { name: 'Speicher' })).toContainText('0 B von 1 GiB belegt');
    const shell = new UserShell(page);
    await shell.openSettings('Einstellungen');
    await page.getByLabel('Sprache').selectOption('en');
    await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
  });
});

test.describe('dark mode', () => {
  test.use({ colorScheme: 'dark' });

  test('follows the OS and can be overridden', async ({ page, world }) => {
    const signIn = new SignInPage(page);
    await signIn.open();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(bg).toBe('rgb(28, 25, 23)');
    await signIn.signIn(world.user, PASSWORD);
    await new UserShell(page).openSettings();
    await page.getByRole('radio', { name: 'Light' }).check();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    await page.getByRole('radio', { name: 'Follow the system' }).check();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  });
});

test('the form is usable by keyboard alone', async ({ page, world }) => {
  const signIn = new SignInPage(page);
  await signIn.open();
  await page.getByLabel('E-mail address or admin name').focus();
  await page.keyboard.type(world.user);
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Password')).toBeFocused();
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  await new UserShell(page).expectHome(world.user);
});

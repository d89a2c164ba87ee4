import { expect, PASSWORD, test } from '../fixtures.ts';
import { stubPushService } from '../pages/pushStub.ts';
import { SignInPage } from '../pages/SignInPage.ts';
import { smallTapTargets } from '../pages/tapTargets.ts';

test('every page names itself in the title, in the chosen language', async ({ page, world, quarantine }) => {
  const { id } = await quarantine({ subject: 'Title check' });
  await page.goto('/sign-in');
  await expect(page).toHaveTitle('Sign in · Cowbell');
  await new SignInPage(page).signIn(world.user, PASSWORD);
  await expect(page).toHaveTitle('Home · Cowbell');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: /^Quarantine/ }).click();
  await expect(page).toHaveTitle('Quarantine · Cowbell');
  await page.goto(`/quarantine/${id}`);
  await expect(page).toHaveTitle('Quarantined message · Cowbell');
  await nav.getByRole('link', { name: 'Settings' }).click();
  await expect(page).toHaveTitle('Settings · Cowbell');
  await page.getByLabel('Language').selectOption('de');
  await expect(page).toHaveTitle('Einstellungen · Cowbell');
  await page.getByRole('navigation', { name: 'Hauptmenü' }).getByRole('link', { name: /^Quarantäne/ }).click();
  await expect(page).toHaveTitle('Quarantäne · Cowbell');
});

test('everything a finger aims at is at least 44 × 44 px on sign-in, home and settings', async ({ page, context, world, quarantine }) => {
  await stubPushService(context, page);
  await page.goto('/sign-in');
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
  expect(await smallTapTargets(page)).toEqual([]);

  await quarantine({ subject: 'A row to tap' });
  await new SignInPage(page).signIn(world.user, PASSWORD);
  await expect(page.getByRole('region', { name: 'Quarantine' }).getByRole('link', { name: /A row to tap/ })).toBeVisible();
  expect(await smallTapTargets(page)).toEqual([]);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  const push = page.getByTestId('push-card');
  await push.getByRole('button', { name: 'Turn on' }).click();
  // Device rows with their buttons, and the details checkbox, are on screen now.
  await expect(push.getByRole('button', { name: 'Remove' })).toBeVisible();
  await expect(page.getByLabel('How often')).toBeVisible();
  expect(await smallTapTargets(page)).toEqual([]);
});

test.describe('on a desktop screen', () => {
  test.use({ viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 });

  for (const who of ['user', 'admin'] as const) {
    test(`settings stay a readable column for ${who === 'user' ? 'a mailbox user' : 'an admin'}`, async ({ page, world }) => {
      await page.goto('/sign-in');
      await new SignInPage(page).signIn(world[who], PASSWORD);
      await expect(page).not.toHaveURL(/sign-in/);
      await page.goto(who === 'user' ? '/settings' : '/admin/settings');
      const settings = page.getByTestId('settings-page');
      await expect(settings.getByRole('heading', { name: 'Settings' })).toBeVisible();
      expect((await settings.boundingBox())!.width).toBeLessThanOrEqual(640);
      // Buttons keep their own width; they are not stretched across the column.
      expect((await settings.getByRole('button', { name: 'Sign out' }).boundingBox())!.width).toBeLessThan(320);
    });
  }
});

// The admin area on a phone (issue 7, section 3): it fits a 390 px screen without sideways scrolling,
// the content starts right under the bar, the navigation is at hand, and Sign out is one menu away.
import { expect, PASSWORD, test } from '../fixtures.ts';
import { AdminArea } from '../pages/AdminArea.ts';
import { SignInPage } from '../pages/SignInPage.ts';

test.use({ viewport: { width: 390, height: 844 } });

test('every admin page fits 390 px, with the navigation at hand', async ({ page, world, quarantine }) => {
  await quarantine({ subject: `A subject long enough to overflow a phone screen if nothing wrapped or cut it: ${'x'.repeat(120)}` });
  const admin = new AdminArea(page);
  await new SignInPage(page).open();
  await new SignInPage(page).signIn(world.admin, PASSWORD);
  await expect(page.getByTestId('admin-counts')).toBeVisible();
  // No band between the bar and the content.
  const bar = await page.getByTestId('account-menu').boundingBox();
  const heading = await page.getByRole('heading', { name: 'Overview' }).boundingBox();
  expect(heading!.y - (bar!.y + bar!.height)).toBeLessThan(48);
  await admin.expectNoSidewaysScroll();
  for (const name of ['Overview', 'Quarantine', 'Settings']) await expect(admin.nav().getByRole('link', { name })).toBeInViewport();

  await admin.nav().getByRole('link', { name: 'Quarantine' }).click();
  await page.getByLabel('Domain', { exact: true }).selectOption(world.domain);
  await expect(page).toHaveURL(/domain=/);
  await expect(admin.rows()).toHaveCount(1);
  await admin.expectNoSidewaysScroll();
  await admin.rows().first().getByRole('link').click();
  await expect(page.getByTestId('detail-rcpt')).toHaveText(world.user);
  await expect(page.getByRole('button', { name: 'Release' })).toBeInViewport();
  await admin.expectNoSidewaysScroll();

  for (const path of ['/admin/domains', '/admin/mailboxes', '/admin/aliases', '/admin/settings']) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await admin.expectNoSidewaysScroll();
  }
});

test('the header\'s search button opens the palette a phone has no Ctrl-K for', async ({ page, world }) => {
  await new SignInPage(page).open();
  await new SignInPage(page).signIn(world.admin, PASSWORD);
  await expect(page.getByTestId('admin-counts')).toBeVisible();
  await page.getByTestId('palette-button').click();
  const palette = page.getByTestId('command-palette');
  await palette.getByRole('combobox').fill(world.domain);
  await expect(palette.getByRole('option', { name: new RegExp(world.domain.replace(/[.]/g, '\\.')) }).first()).toBeVisible();
  await new AdminArea(page).expectNoSidewaysScroll();
});

test('sign out is reachable from any admin page', async ({ page, world }) => {
  await new SignInPage(page).open();
  await new SignInPage(page).signIn(world.domainAdmin, PASSWORD);
  await expect(page.getByTestId('admin-counts')).toBeVisible();
  await page.goto('/admin/quarantine');
  await expect(page.getByTestId('account-menu')).toBeInViewport();
  await new AdminArea(page).signOut();
  await page.goto('/admin');
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
});

test.describe('a tap on a row wins over a filter still settling', () => {
  // The network must see the page's code being fetched, so it can be held back.
  test.use({ serviceWorkers: 'block' });

  test('the item opens even when its code arrives after the filter\'s timer', async ({ page, world, quarantine }) => {
    await quarantine({ subject: 'Opened while the filter settles' });
    await new SignInPage(page).open();
    await new SignInPage(page).signIn(world.admin, PASSWORD);
    await expect(page.getByTestId('admin-counts')).toBeVisible();
    await page.goto(`/admin/quarantine?domain=${world.domain}`);
    const admin = new AdminArea(page);
    await expect(admin.rows()).toHaveCount(1);
    // From here every script is slow, as on a phone: the detail page's code takes longer than the
    // filter's 250 ms debounce, which used to replace the list's URL and so cancel the navigation.
    await page.route('**/assets/*.js', async (route) => {
      await new Promise((r) => setTimeout(r, 800));
      await route.continue();
    });
    await page.getByLabel('Search sender or subject').fill('settles');
    await admin.rows().first().getByRole('link').click();
    await expect(page.getByTestId('detail-rcpt')).toHaveText(world.user);
    await expect(page).toHaveURL(/\/admin\/quarantine\/\d+\?/);
  });
});

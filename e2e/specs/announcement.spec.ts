// The announcement (mailcow's UI_ANNOUNCEMENT_*): an admin sets it on its page; it shows on the sign-in
// screen and at the top of a signed-in phone, as text and links only, until dismissed. Users opt in to
// have it pushed. The keys are global, so the spec switches it off again however it ends.
import { eq } from 'drizzle-orm';
import { cowbellAnnouncementOptins } from '../../db/schema/cowbell.ts';
import { expect, PASSWORD, test } from '../fixtures.ts';
import { SignInPage } from '../pages/SignInPage.ts';

test.describe.configure({ mode: 'serial' });
test.afterEach(async ({ deps }) => { await deps.redis.set('UI_ANNOUNCEMENT_ACTIVE', '0'); });

test('an announcement set by an admin shows on the sign-in screen and on a signed-in phone, without its markup running', async ({ browser, page, world, deps }) => {
  const marker = `Maintenance ${Date.now().toString(36)}`;
  const adminContext = await browser.newContext(test.info().project.use);
  try {
    const admin = await adminContext.newPage();
    await admin.goto('/sign-in');
    await new SignInPage(admin).signIn(world.admin, PASSWORD);
    await expect(admin.getByTestId('admin-counts')).toBeVisible();
    await admin.goto('/admin/announcement');
    await admin.getByLabel('Text').fill(`<p>${marker} <b>tonight</b>.<script>document.title='pwned'</script><img src=x onerror="document.title='pwned'"></p><p><a href="https://status.example.test/">Status page</a> <a href="javascript:alert(1)">click</a></p>`);
    await admin.getByLabel('Kind').selectOption('warning');
    await admin.getByLabel('Show the announcement').check();
    await admin.getByRole('button', { name: 'Save' }).click();
    await expect(admin.getByTestId('saved')).toBeVisible();
    await expect(admin.getByTestId('announcement-preview')).toContainText(`${marker} tonight.`);
  } finally {
    await adminContext.close();
  }
  expect(await deps.redis.mget('UI_ANNOUNCEMENT_TYPE', 'UI_ANNOUNCEMENT_ACTIVE')).toEqual(['warning', '1']);

  await page.goto('/sign-in');
  const banner = page.getByTestId('announcement');
  await expect(banner).toContainText(`${marker} tonight.`);
  await expect(banner.getByRole('link', { name: 'Status page' })).toHaveAttribute('href', 'https://status.example.test/');
  await expect(banner.getByRole('link', { name: 'click' })).toHaveCount(0);
  await expect(banner.locator('script, img, b')).toHaveCount(0);

  await new SignInPage(page).signIn(world.user, PASSWORD);
  await expect(page.getByTestId('home-address')).toBeVisible();
  await expect(banner).toContainText(marker);
  expect(await page.title()).not.toBe('pwned');
  await banner.getByRole('button', { name: 'Dismiss' }).click();
  await expect(banner).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('home-address')).toBeVisible();
  await expect(banner).toHaveCount(0);
});

test('a user opts in to announcements on its devices in the notification settings', async ({ page, world, deps }) => {
  await page.goto('/sign-in');
  await new SignInPage(page).signIn(world.user, PASSWORD);
  await expect(page.getByTestId('home-address')).toBeVisible();
  await page.goto('/settings');
  const toggle = page.getByLabel('Announcements from your administrator');
  await expect(toggle).not.toBeChecked();
  await toggle.check();
  await expect.poll(async () => (await deps.db.select().from(cowbellAnnouncementOptins).where(eq(cowbellAnnouncementOptins.username, world.user))).length).toBe(1);
  await page.reload();
  await expect(page.getByLabel('Announcements from your administrator')).toBeChecked();
});

// The domain-admin pages on a phone: the list, its dialogs and a mailbox's permissions fit 390 px.
import { expect, PASSWORD, test } from '../fixtures.ts';
import { AdminArea } from '../pages/AdminArea.ts';
import { SignInPage } from '../pages/SignInPage.ts';

test.use({ viewport: { width: 390, height: 844 } });

test('the domain-admin list, its dialogs and a mailbox\'s permissions fit a phone', async ({ page, world }) => {
  const admin = new AdminArea(page);
  await new SignInPage(page).open();
  await new SignInPage(page).signIn(world.admin, PASSWORD);
  await expect(page).toHaveURL(/\/admin$/);
  await admin.nav().getByRole('link', { name: 'Domain admins' }).click();
  await expect(page.getByTestId('domain-admins').getByText(world.domainAdmin)).toBeVisible();
  await admin.expectNoSidewaysScroll();
  await page.getByRole('button', { name: `Permissions of ${world.domainAdmin}` }).click();
  await expect(page.getByRole('dialog').locator('[data-flag="login_as"]')).toBeVisible();
  await admin.expectNoSidewaysScroll();
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('button', { name: `Edit ${world.domainAdmin}` }).click();
  await expect(page.getByRole('dialog').getByRole('checkbox', { name: world.domain })).toBeChecked();
  await admin.expectNoSidewaysScroll();
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  await page.goto(`/admin/mailboxes/${encodeURIComponent(world.user)}/acl`);
  await expect(page.getByTestId('user-acl-form').locator('[data-flag="pw_reset"]')).toBeVisible();
  await admin.expectNoSidewaysScroll();
});

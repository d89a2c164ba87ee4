// Send-as rights (issue 8): an admin grants a mailbox a domain and an outside address; a refused entry
// is named where it is; the user then finds the grant on their send-as page.
import { and, eq } from 'drizzle-orm';
import { senderAcl } from '../../db/schema/mail.ts';
import { expect, PASSWORD, test } from '../fixtures.ts';
import { AdminArea } from '../pages/AdminArea.ts';
import { SignInPage } from '../pages/SignInPage.ts';

test('an admin grants send-as rights, a bad entry is refused in place, and the user sees the grant', async ({ page, world, deps }) => {
  await page.goto('/sign-in');
  await new SignInPage(page).signIn(world.admin, PASSWORD);
  await expect(page.getByTestId('admin-counts')).toBeVisible();
  await page.goto(`/admin/mailboxes?domain=${world.domain}`);
  await page.getByRole('link', { name: `Send-as rights of ${world.user}` }).click();
  await expect(page.getByRole('heading', { name: `Send-as rights of ${world.user}` })).toBeVisible();

  await page.getByLabel('Address, @domain or *').fill('nobody@not-hosted.example');
  await page.getByRole('button', { name: 'Add' }).first().click();
  await page.getByRole('button', { name: 'Save send-as rights' }).click();
  const internal = page.getByTestId('sender-acl-internal');
  await expect(internal.locator('.error')).toHaveCount(1);
  expect(await deps.db.select().from(senderAcl).where(eq(senderAcl.loggedInAs, world.user))).toEqual([]);

  await internal.getByRole('button', { name: 'Remove nobody@not-hosted.example' }).click();
  await page.getByLabel('Address, @domain or *').fill(`@${world.domain}`);
  await page.getByRole('button', { name: 'Add' }).first().click();
  await page.getByLabel('Address or @domain on another server').fill('friend@other.example');
  await page.getByRole('button', { name: 'Add' }).nth(1).click();
  await page.getByRole('button', { name: 'Save send-as rights' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  const rows = await deps.db.select({ sendAs: senderAcl.sendAs, external: senderAcl.external }).from(senderAcl).where(eq(senderAcl.loggedInAs, world.user));
  expect(rows.map((r) => [r.sendAs, Number(r.external)]).sort()).toEqual([[`@${world.domain}`, 0], ['friend@other.example', 1]]);
  await new AdminArea(page).signOut();

  await new SignInPage(page).signIn(world.user, PASSWORD);
  await expect(page.getByTestId('home-address')).toBeVisible();
  await page.goto('/identities');
  await expect(page.getByRole('region', { name: 'You may also send from' })).toContainText(`any address at ${world.domain}`);
  await expect(page.getByTestId('identity').filter({ hasText: 'friend@other.example' })).toContainText('an external grant');
  expect(await deps.db.select().from(senderAcl).where(and(eq(senderAcl.loggedInAs, world.user), eq(senderAcl.external, 1)))).toHaveLength(1);
});

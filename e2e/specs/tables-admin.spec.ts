// Issue 10, desktop feel: the mailbox table sorts, filters and selects in bulk, its edit form comes
// filled in, the domains table warns when a domain's limits are reached, and Ctrl+K jumps anywhere.
// The name ends in "admin.spec" so it runs in the desktop project.
import { eq, inArray } from 'drizzle-orm';
import type { Page } from '@playwright/test';
import { domain, mailbox } from '../../db/schema/mail.ts';
import { insertMailbox } from '../../server/lib/mailcow/provision.ts';
import { expect, PASSWORD, test } from '../fixtures.ts';
import { AdminArea } from '../pages/AdminArea.ts';

const signInTo = (page: Page, who: string, path: string) => new AdminArea(page).openAs(who, PASSWORD, path);
const dialog = (page: Page) => page.getByRole('dialog');
const addresses = (page: Page) => page.getByTestId('admin-mailboxes').locator('tbody .address');

test('the mailbox table sorts, filters, opens a filled-in form, and disallows login for two at once', async ({ page, world, deps, passwordHash }) => {
  const dave = await insertMailbox(deps.db, { localPart: 'dave', domain: world.domain, passwordHash, name: 'Anna Dave' });
  const erin = await insertMailbox(deps.db, { localPart: 'erin', domain: world.domain, passwordHash, name: 'Zed Erin', quotaBytes: 512 * 1048576 });
  await signInTo(page, world.admin, `/admin/mailboxes?domain=${world.domain}`);
  await expect(addresses(page)).toHaveCount(5);

  const nameHeader = page.getByRole('columnheader', { name: 'Full name' });
  await nameHeader.getByRole('button').click();
  await expect(nameHeader).toHaveAttribute('aria-sort', 'ascending');
  await expect(addresses(page)).toHaveText([world.user, dave, world.disallowedUser, world.tfaUser, erin]);
  await nameHeader.getByRole('button').click();
  await expect(nameHeader).toHaveAttribute('aria-sort', 'descending');
  await expect(addresses(page).first()).toHaveText(erin);

  await page.getByLabel('State').selectOption({ label: 'Login disallowed (still receives)' });
  await expect(addresses(page)).toHaveText([world.disallowedUser]);
  await page.getByLabel('State').selectOption({ label: 'Any state' });
  await page.getByLabel('Search address or name').fill('zed');
  await expect(addresses(page)).toHaveText([erin]);

  await page.getByRole('button', { name: `Edit ${erin}` }).click();
  await expect(dialog(page).getByLabel('Full name')).toHaveValue('Zed Erin');
  await expect(dialog(page).getByLabel('Quota')).toHaveValue('512');
  await dialog(page).getByRole('button', { name: 'Cancel' }).click();

  await page.getByLabel('Search address or name').fill('');
  await expect(addresses(page)).toHaveCount(5);
  // By keyboard: j moves down, x checks the focused row; shift-click checks a range; Enter edits.
  await page.getByRole('heading', { name: 'Mailboxes' }).click();
  await page.keyboard.press('j');
  await page.keyboard.press('x');
  await expect(page.getByRole('checkbox', { name: `Select ${erin}` })).toBeChecked();
  await page.getByRole('checkbox', { name: `Select ${erin}` }).click({ modifiers: ['Shift'] });
  await expect(page.getByTestId('bulk-bar')).toHaveCount(0);
  await page.getByRole('checkbox', { name: `Select ${world.user}` }).click();
  await page.getByRole('checkbox', { name: `Select ${world.tfaUser}` }).click({ modifiers: ['Shift'] });
  await expect(page.getByTestId('bulk-bar')).toContainText('4 selected');
  await page.getByTestId('bulk-bar').getByRole('button', { name: 'Clear selection' }).click();
  await page.keyboard.press('Enter');
  await expect(dialog(page)).toContainText(`Edit ${erin}`);
  await dialog(page).getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('checkbox', { name: `Select ${dave}` }).check();
  await page.getByRole('checkbox', { name: `Select ${erin}` }).check();
  await page.getByTestId('bulk-bar').getByRole('button', { name: 'Disallow login' }).click();
  await expect(page.getByTestId('bulk-report')).toContainText('2 mailboxes changed.');
  await expect.poll(async () => (await deps.db.select({ a: mailbox.active }).from(mailbox).where(inArray(mailbox.username, [dave, erin])))
    .map((r) => r.a)).toEqual([2, 2]);
});

test('Ctrl+K jumps to a mailbox, and the domains table warns of reached limits', async ({ page, world, deps }) => {
  await deps.db.update(domain).set({ mailboxes: 3 }).where(eq(domain.domain, world.domain));
  await signInTo(page, world.admin, '/admin/domains');
  await expect(page.getByTestId('limits-exhausted')).toContainText(`${world.domain}: mailboxes`);
  const row = page.getByTestId('admin-domains').getByRole('row').filter({ hasText: world.domain });
  await expect(row).toContainText('3 / 3');

  await page.keyboard.press('Control+K');
  const palette = page.getByTestId('command-palette');
  await expect(palette).toBeVisible();
  await palette.getByRole('combobox').fill(world.tfaUser);
  await expect(palette.getByRole('option', { name: new RegExp(world.tfaUser.replace(/[.]/g, '\\.')) })).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/admin\/mailboxes\?/);
  await expect(dialog(page)).toContainText(`Edit ${world.tfaUser}`);
  await expect(dialog(page).getByLabel('Full name')).toHaveValue('carol');
});

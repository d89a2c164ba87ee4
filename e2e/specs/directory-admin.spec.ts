// Issue 10 (client): admins add, change and delete domains and mailboxes on a desktop. The file name
// ends in "admin.spec" so it runs in the desktop project.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Page } from '@playwright/test';
import { mailbox } from '../../db/schema/mail.ts';
import { insertDomain } from '../../server/lib/mailcow/provision.ts';
import { expect, PASSWORD, test } from '../fixtures.ts';
import { AdminArea } from '../pages/AdminArea.ts';

const signInTo = (page: Page, who: string, path: string) => new AdminArea(page).openAs(who, PASSWORD, path);

const dialog = (page: Page) => page.getByRole('dialog');

test('an admin adds a domain and mailboxes in it, changes one, deletes one, and may not delete the domain yet', async ({ page, world, deps }) => {
  const name = `e2e-new-${randomUUID().slice(0, 8)}.test`;
  await signInTo(page, world.admin, '/admin/domains');

  await page.getByRole('button', { name: 'New domain' }).click();
  await dialog(page).getByLabel('Domain name').fill('not a domain');
  await dialog(page).getByLabel('Max. aliases').fill('-1');
  await dialog(page).getByRole('button', { name: 'Save' }).click();
  // The server's issues appear under their fields.
  await expect(dialog(page).getByLabel('Domain name')).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog(page).getByLabel('Max. aliases')).toHaveAttribute('aria-invalid', 'true');
  await dialog(page).getByLabel('Domain name').fill(name);
  await dialog(page).getByLabel('Max. aliases').fill('50');
  await dialog(page).getByRole('button', { name: 'Save' }).click();
  await expect(dialog(page)).toHaveCount(0);
  await expect(page.getByTestId('admin-domains').getByRole('cell', { name, exact: true })).toBeVisible();

  await page.goto(`/admin/mailboxes?domain=${name}`);
  const rows = page.getByTestId('admin-mailboxes').locator('tbody').getByRole('row');
  await page.getByRole('button', { name: 'New mailbox' }).click();
  await dialog(page).getByLabel('Local part').fill('bob');
  await dialog(page).getByLabel('Domain').selectOption(name);
  await dialog(page).getByLabel('Full name').fill('Bob Generated');
  await dialog(page).getByRole('button', { name: 'Save' }).click();
  const secret = page.getByTestId('generated-password');
  await expect(secret).toHaveText(/\S{8,}/);
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(secret).toHaveCount(0);

  await page.getByRole('button', { name: 'New mailbox' }).click();
  await dialog(page).getByLabel('Local part').fill('carol');
  await dialog(page).getByLabel('Domain').selectOption(name);
  await dialog(page).getByLabel('Password (leave empty').fill(PASSWORD);
  await dialog(page).getByRole('button', { name: 'Save' }).click();
  await expect(dialog(page)).toHaveCount(0);
  await expect(secret).toHaveCount(0);
  await expect(rows).toHaveCount(2);

  // The same address again: the clash is shown under its field.
  await page.getByRole('button', { name: 'New mailbox' }).click();
  await dialog(page).getByLabel('Local part').fill('carol');
  await dialog(page).getByLabel('Domain').selectOption(name);
  await dialog(page).getByRole('button', { name: 'Save' }).click();
  await expect(dialog(page).getByText('This address is taken already')).toBeVisible();
  await expect(dialog(page).getByLabel('Local part')).toHaveAttribute('aria-invalid', 'true');
  await dialog(page).getByRole('button', { name: 'Cancel' }).click();

  await page.getByRole('button', { name: `Edit carol@${name}` }).click();
  await dialog(page).getByLabel('Quota').fill('2048');
  await dialog(page).getByRole('button', { name: 'Save' }).click();
  await expect(dialog(page)).toHaveCount(0);
  await expect.poll(async () => (await deps.db.select({ quota: mailbox.quota }).from(mailbox)
    .where(eq(mailbox.username, `carol@${name}`)))[0]?.quota).toBe(2048 * 1024 * 1024);

  await page.getByRole('button', { name: `Delete bob@${name}` }).click();
  await dialog(page).getByRole('button', { name: 'Delete' }).click();
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText(`carol@${name}`);

  await page.goto('/admin/domains');
  await page.getByRole('button', { name: `Delete ${name}` }).click();
  await expect(page.getByTestId('domain-delete-preview')).toContainText('one mailbox');
  await expect(page.getByTestId('domain-delete-preview')).toContainText('Not deletable while it has mailboxes');
  await expect(dialog(page).getByRole('button', { name: 'Delete' })).toHaveCount(0);
  await dialog(page).getByRole('button', { name: 'Cancel' }).click();

  // Emptied, it goes.
  await page.goto(`/admin/mailboxes?domain=${name}`);
  await page.getByRole('button', { name: `Delete carol@${name}` }).click();
  await dialog(page).getByRole('button', { name: 'Delete' }).click();
  await expect(rows).toHaveCount(0);
  await page.goto('/admin/domains');
  await page.getByRole('button', { name: `Delete ${name}` }).click();
  await expect(page.getByTestId('domain-delete-preview')).toContainText('no mailboxes');
  await dialog(page).getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(page.getByTestId('admin-domains').getByRole('cell', { name, exact: true })).toHaveCount(0);
});

test('a domain admin changes only what it may, in its own domains', async ({ page, world, deps }) => {
  const other = `e2e-other-${randomUUID().slice(0, 8)}.test`;
  await insertDomain(deps.db, other, { redis: deps.redis });
  await signInTo(page, world.domainAdmin, '/admin/domains');

  const list = page.getByTestId('admin-domains');
  await expect(list.getByRole('cell', { name: world.domain, exact: true })).toBeVisible();
  await expect(list).not.toContainText(other);
  await expect(page.getByRole('button', { name: 'New domain' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: `Delete ${world.domain}` })).toHaveCount(0);

  await page.getByRole('button', { name: `Edit ${world.domain}` }).click();
  await expect(dialog(page).getByLabel('Max. aliases')).toHaveCount(0);
  await expect(dialog(page).getByLabel('Active')).toHaveCount(0);
  await dialog(page).getByLabel('Global address list').selectOption('No');
  await dialog(page).getByRole('button', { name: 'Save' }).click();
  await expect(dialog(page)).toHaveCount(0);

  await page.goto('/admin/mailboxes');
  await page.getByRole('button', { name: 'New mailbox' }).click();
  await expect(dialog(page).getByLabel('Domain').locator('option')).toHaveText([world.domain]);

  // Straight at the API, the other domain is refused.
  const status = await page.evaluate(async (domain) => {
    const csrf = /(?:^|; )[^=]*cowbell_csrf=([^;]*)/.exec(document.cookie)?.[1] ?? '';
    const res = await fetch(`/api/admin/domains/${domain}`, { method: 'PATCH', headers: { 'content-type': 'application/json', 'x-csrf-token': decodeURIComponent(csrf) },
      body: JSON.stringify({ gal: false }) });
    return res.status;
  }, other);
  expect([403, 404]).toContain(status);
});

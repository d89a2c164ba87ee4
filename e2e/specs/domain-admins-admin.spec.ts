// Issue 10 (domain admins and ACLs): an admin makes a domain admin for one domain and sets what it
// may do; signed in as that domain admin, it reaches only its domain and cannot grant what it lacks.
// The file name ends in "admin.spec" so it runs in the desktop project.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Page } from '@playwright/test';
import { admin } from '../../db/schema/access.ts';
import { insertDomain, insertMailbox } from '../../server/lib/mailcow/provision.ts';
import { expect, PASSWORD, test } from '../fixtures.ts';
import { AdminArea } from '../pages/AdminArea.ts';
import { SignInPage } from '../pages/SignInPage.ts';

async function signIn(page: Page, who: string) {
  await new SignInPage(page).open();
  await new SignInPage(page).signIn(who, PASSWORD);
  await expect(page).toHaveURL(/\/admin$/);
}

/** A call straight at the API with the page's session, as a script in the page would make it. */
function apiStatus(page: Page, path: string, method = 'GET', body?: unknown) {
  return page.evaluate(async ([p, m, b]) => {
    const csrf = /(?:^|; )[^=]*cowbell_csrf=([^;]*)/.exec(document.cookie)?.[1] ?? '';
    const res = await fetch(p as string, { method: m as string, headers: { 'content-type': 'application/json', 'x-csrf-token': decodeURIComponent(csrf) },
      body: b === undefined ? undefined : JSON.stringify(b) });
    return res.status;
  }, [path, method, body] as const);
}

const dialog = (page: Page) => page.getByRole('dialog');

test('an admin makes a domain admin with an ACL, which then reaches only its domain and grants nothing it lacks', async ({ page, world, deps, passwordHash }) => {
  const other = `e2e-other-${randomUUID().slice(0, 8)}.test`;
  await insertDomain(deps.db, other, { redis: deps.redis });
  const outsider = await insertMailbox(deps.db, { localPart: 'olga', domain: other, passwordHash });
  const name = `e2eda${randomUUID().slice(0, 8)}`;

  await signIn(page, world.admin);
  const area = new AdminArea(page);
  await area.nav().getByRole('link', { name: 'Domain admins' }).click();
  await page.getByRole('button', { name: 'New domain admin' }).click();
  await dialog(page).getByRole('textbox', { name: 'Name' }).fill('no spaces');
  await dialog(page).getByRole('button', { name: 'Save' }).click();
  await expect(dialog(page).getByRole('textbox', { name: 'Name' })).toHaveAttribute('aria-invalid', 'true');
  await dialog(page).getByRole('textbox', { name: 'Name' }).fill(name);
  await dialog(page).getByRole('textbox', { name: 'Password' }).fill(PASSWORD);
  await dialog(page).getByRole('checkbox', { name: world.domain }).check();
  await dialog(page).getByRole('button', { name: 'Save' }).click();
  await expect(dialog(page)).toHaveCount(0);
  const card = page.getByTestId('domain-admins').getByRole('listitem').filter({ hasText: name });
  await expect(card).toContainText(world.domain);
  await expect(card).not.toContainText(other);

  // Quarantine off in its ACL: it may then neither grant nor take away the users' quarantine flag.
  await page.getByRole('button', { name: `Permissions of ${name}` }).click();
  await dialog(page).locator('[data-flag="quarantine"]').uncheck();
  await dialog(page).getByRole('button', { name: 'Save' }).click();
  await expect(dialog(page)).toHaveCount(0);
  await expect.poll(async () => (await deps.db.select().from(admin).where(eq(admin.username, name))).length).toBe(1);
  await area.signOut();

  await signIn(page, name);
  await expect(area.nav().getByRole('link', { name: 'Domain admins' })).toHaveCount(0);
  // Its own permissions, to read: quarantine off, as just set, and nothing it could change.
  await area.nav().getByRole('link', { name: 'Permissions' }).click();
  const own = page.getByTestId('own-acl');
  await expect(own.locator('[data-flag="quarantine"]')).not.toBeChecked();
  await expect(own.locator('[data-flag="quarantine"]')).toBeDisabled();
  await expect(own.locator('input:not([disabled])')).toHaveCount(0);
  await page.goto('/admin/domain-admins');
  await expect(page).toHaveURL(/\/admin$/);
  await page.goto('/admin/domains');
  const domains = page.getByTestId('admin-domains');
  await expect(domains.getByRole('cell', { name: world.domain, exact: true })).toBeVisible();
  await expect(domains).not.toContainText(other);

  // Another domain's mailbox: not found, in the UI and at the API.
  await page.goto(`/admin/mailboxes/${encodeURIComponent(outsider)}/acl`);
  await expect(page.getByText('Not found.')).toBeVisible();
  await expect(page.getByTestId('user-acl-form')).toHaveCount(0);
  expect(await apiStatus(page, `/api/admin/mailboxes/${encodeURIComponent(outsider)}/acl`)).toBe(404);
  expect(await apiStatus(page, `/api/admin/mailboxes/${encodeURIComponent(outsider)}/acl`, 'PUT', { acl: { spam_alias: false } })).toBe(404);
  expect(await apiStatus(page, '/api/admin/domain-admins')).toBe(403);

  // Its own domain's mailbox: the flag it lacks is greyed out, and the API refuses to change it.
  await page.goto(`/admin/mailboxes/${encodeURIComponent(world.user)}/acl`);
  const form = page.getByTestId('user-acl-form');
  await expect(form.locator('[data-flag="quarantine"]')).toBeDisabled();
  await expect(form.locator('[data-flag="spam_score"]')).toBeEnabled();
  await form.locator('[data-flag="spam_score"]').uncheck();
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByText('Saved.')).toBeVisible();
  expect(await apiStatus(page, `/api/admin/mailboxes/${encodeURIComponent(world.user)}/acl`, 'PUT', { acl: { quarantine: false } })).toBe(403);
});

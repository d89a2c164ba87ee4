// Issue 10 (aliases): admins create several aliases at once, change and delete them, and add an
// alias domain; a domain admin sees and reaches only its own domains' aliases. Desktop project
// (the file name ends in "admin.spec").
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Page } from '@playwright/test';
import { alias, aliasDomain } from '../../db/schema/mail.ts';
import { insertDomain } from '../../server/lib/mailcow/provision.ts';
import { expect, PASSWORD, test } from '../fixtures.ts';
import { AdminArea } from '../pages/AdminArea.ts';

const signInTo = (page: Page, who: string, path: string) => new AdminArea(page).openAs(who, PASSWORD, path);

const dialog = (page: Page) => page.getByRole('dialog');
const rows = (page: Page) => page.getByTestId('admin-aliases').locator('tbody tr');

test('an admin creates two aliases at once, sends one to spam, deletes the other, and adds an alias domain', async ({ page, world, deps }) => {
  const d = world.domain;
  await signInTo(page, world.admin, `/admin/aliases?domain=${d}`);
  await page.getByRole('button', { name: 'New aliases' }).click();
  await dialog(page).getByLabel('Addresses').fill(`sales@${d}\ninfo@${d}`);
  await dialog(page).getByLabel('Targets (one per line)').fill(world.user);
  await dialog(page).getByRole('button', { name: 'Save' }).click();
  await expect(dialog(page)).toHaveCount(0);
  await expect(rows(page)).toHaveCount(2);
  await expect(rows(page).first()).toContainText(`info@${d}`);

  await page.getByRole('button', { name: `Edit sales@${d}` }).click();
  await expect(dialog(page).getByLabel('Targets (one per line)')).toHaveValue(world.user);
  await dialog(page).getByLabel('Delivery').selectOption('Learn as spam');
  await dialog(page).getByRole('button', { name: 'Save' }).click();
  await expect(dialog(page)).toHaveCount(0);
  await expect(rows(page).filter({ hasText: `sales@${d}` })).toContainText('spam@localhost');
  expect((await deps.db.select({ goto: alias.goto }).from(alias).where(eq(alias.address, `sales@${d}`)))[0]?.goto).toBe('spam@localhost');

  await page.getByRole('button', { name: `Delete info@${d}` }).click();
  await dialog(page).getByRole('button', { name: 'Delete' }).click();
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page)).toContainText(`sales@${d}`);

  const name = `e2e-ad-${randomUUID().slice(0, 8)}.test`;
  await page.getByRole('link', { name: 'Alias domains' }).click();
  await page.getByRole('button', { name: 'New alias domain' }).click();
  await dialog(page).getByLabel('Alias domain', { exact: true }).fill(name);
  await dialog(page).getByLabel('Target domain').selectOption(d);
  await dialog(page).getByRole('button', { name: 'Save' }).click();
  await expect(dialog(page)).toHaveCount(0);
  await expect(page.getByTestId('admin-alias-domains')).toContainText(name);
  expect((await deps.db.select().from(aliasDomain).where(eq(aliasDomain.aliasDomain, name)))[0]?.targetDomain).toBe(d);
});

test('a domain admin sees only its own domains\' aliases and is refused another\'s through the API', async ({ page, world, deps }) => {
  const other = `e2e-other-${randomUUID().slice(0, 8)}.test`;
  await insertDomain(deps.db, other, { redis: deps.redis });
  await deps.db.insert(alias).values({ address: `mine@${world.domain}`, goto: world.user, domain: world.domain });
  const [{ id }] = await deps.db.insert(alias).values({ address: `theirs@${other}`, goto: `x@${other}`, domain: other }).$returningId();
  await signInTo(page, world.domainAdmin, '/admin/aliases');
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page)).toContainText(`mine@${world.domain}`);
  // A phone's width: the table drops columns rather than push the page sideways.
  await page.setViewportSize({ width: 390, height: 800 });
  await expect(page.getByRole('button', { name: `Edit mine@${world.domain}` })).toBeVisible();
  await new AdminArea(page).expectNoSidewaysScroll();
  await page.getByLabel('Search address or target').fill('theirs');
  await expect(page.getByText('No aliases match.')).toBeVisible();

  expect(await new AdminArea(page).apiStatus('PATCH', `/api/admin/aliases/${id}`, { active: false })).toBe(404);
  expect((await deps.db.select({ a: alias.active }).from(alias).where(eq(alias.id, id)))[0]?.a).toBe(1);
});

import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { cowbellQuarantineItems } from '../../db/schema/cowbell.ts';
import type { OwnedDeps } from '../../server/deps.ts';
import { ingestMessage } from '../../server/features/quarantine/ingest.service.ts';
import { insertDomain, insertMailbox } from '../../server/lib/mailcow/provision.ts';
import { expect, PASSWORD, test } from '../fixtures.ts';
import { AdminArea } from '../pages/AdminArea.ts';
import { SignInPage } from '../pages/SignInPage.ts';

test('an admin signs in to the admin overview with real counts, and signs out', async ({ page, world }) => {
  const signIn = new SignInPage(page);
  await signIn.open();
  await signIn.signIn(world.admin, PASSWORD);
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByText('All domains on this server.')).toBeVisible();
  const counts = page.getByTestId('admin-counts');
  await expect(counts).toBeVisible();
  // At least this test's own domain and its three mailboxes.
  const mailboxes = Number(await counts.locator('dd').nth(1).textContent());
  expect(mailboxes).toBeGreaterThanOrEqual(3);
  await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
});

test('a domain admin sees only the domains they manage', async ({ page, world }) => {
  const signIn = new SignInPage(page);
  await signIn.open();
  await signIn.signIn(world.domainAdmin, PASSWORD);
  await expect(page.getByText('The domains you manage.')).toBeVisible();
  await expect(page.getByTestId('admin-counts').locator('dd')).toHaveText(['1', '3', '0']);
});

test('a mailbox user is kept out of the admin area', async ({ page, world }) => {
  const signIn = new SignInPage(page);
  await signIn.open();
  await signIn.signIn(world.user, PASSWORD);
  await expect(page.getByTestId('home-address')).toBeVisible();
  await page.goto('/admin');
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId('home-address')).toBeVisible();
});

// Issue 7, section 3: the admin's own quarantine list, on a desktop.
async function quarantineFor(deps: OwnedDeps, rcpt: string, subject: string) {
  const { stored } = await ingestMessage(deps, { qid: `E2E${randomUUID().slice(0, 8)}`.toUpperCase(), rcpt: [rcpt], subject,
    from: 'spammer@example.net', action: 'reject', score: 15 }, readFileSync(new URL('../../server/test/fixtures/mail/ham.eml', import.meta.url)));
  return stored[0].id;
}

test('the admin quarantine list names each recipient and filters by domain and by mailbox', async ({ page, world, deps, passwordHash }) => {
  const dave = await insertMailbox(deps.db, { localPart: 'dave', domain: world.domain, passwordHash });
  const elsewhere = `e2e-other-${randomUUID().slice(0, 8)}.test`;
  await insertDomain(deps.db, elsewhere, { redis: deps.redis });
  const erin = await insertMailbox(deps.db, { localPart: 'erin', domain: elsewhere, passwordHash });
  await quarantineFor(deps, world.user, 'For Alice');
  await quarantineFor(deps, dave, 'For Dave');
  await quarantineFor(deps, erin, 'For Erin');
  const admin = new AdminArea(page);
  await new SignInPage(page).open();
  await new SignInPage(page).signIn(world.admin, PASSWORD);
  await admin.nav().getByRole('link', { name: 'Quarantine' }).click();
  await page.getByLabel('Domain', { exact: true }).selectOption(world.domain);
  await expect(page).toHaveURL(new RegExp(`domain=${world.domain}`));
  await expect(admin.rows()).toHaveCount(2);
  await expect(admin.row('For Alice').getByTestId('admin-q-rcpt')).toHaveText(`To ${world.user}`);
  await expect(admin.row('For Dave').getByTestId('admin-q-rcpt')).toHaveText(`To ${dave}`);
  await page.getByLabel('Mailbox', { exact: true }).fill(dave);
  await expect(admin.rows()).toHaveCount(1);
  await expect(admin.row('For Dave')).toBeVisible();
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await page.getByLabel('Domain', { exact: true }).selectOption(elsewhere);
  await expect(admin.rows()).toHaveCount(1);
  await expect(admin.row('For Erin').getByTestId('admin-q-rcpt')).toHaveText(`To ${erin}`);
});

test('a domain admin\'s filters offer only their domains, and a link outside them shows nothing', async ({ page, world, deps }) => {
  await quarantineFor(deps, world.user, 'Mine to see');
  await new SignInPage(page).open();
  await new SignInPage(page).signIn(world.domainAdmin, PASSWORD);
  await expect(page.getByTestId('admin-counts')).toBeVisible();
  await page.goto('/admin/quarantine');
  await expect(page.getByLabel('Domain', { exact: true }).locator('option')).toHaveText(['All domains', world.domain]);
  await expect(new AdminArea(page).row('Mine to see')).toBeVisible();
  await page.goto('/admin/quarantine?domain=example.org');
  await expect(page.getByTestId('admin-q-empty')).toHaveText('No quarantined mail matches these filters.');
});

test('read and unread are the viewer\'s own: what an admin opened stays unread for others', async ({ page, world, deps }) => {
  const opened = await quarantineFor(deps, world.user, 'Opened by the admin');
  await quarantineFor(deps, world.user, 'Left alone');
  const admin = new AdminArea(page);
  await new SignInPage(page).open();
  await new SignInPage(page).signIn(world.admin, PASSWORD);
  await expect(page.getByTestId('admin-counts')).toBeVisible();
  await page.goto(`/admin/quarantine?domain=${world.domain}`);
  await expect(admin.row('Opened by the admin')).toHaveAttribute('data-unread', 'true');
  await admin.row('Opened by the admin').getByRole('link').click();
  await expect(page.getByTestId('detail-rcpt')).toHaveText(world.user);
  await page.getByRole('link', { name: 'Back to the quarantine' }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/quarantine\\?domain=${world.domain}$`));
  await expect(admin.row('Opened by the admin')).toHaveAttribute('data-unread', 'false');
  await expect(admin.row('Left alone')).toHaveAttribute('data-unread', 'true');
  // Not for the mailbox's owner (their badge) ...
  const [item] = await deps.db.select({ reviewed: cowbellQuarantineItems.reviewed }).from(cowbellQuarantineItems).where(eq(cowbellQuarantineItems.id, opened));
  expect(item.reviewed).toBe(0);
  // ... nor for another admin of the domain.
  await admin.signOut();
  await new SignInPage(page).signIn(world.domainAdmin, PASSWORD);
  await expect(page.getByTestId('admin-counts')).toBeVisible();
  await page.goto(`/admin/quarantine?domain=${world.domain}`);
  await expect(admin.row('Opened by the admin')).toHaveAttribute('data-unread', 'true');
});

test('the overview counts quarantined mail and its tiles lead to their lists', async ({ page, world, deps }) => {
  await quarantineFor(deps, world.user, 'Counted');
  await quarantineFor(deps, world.user, 'Counted too');
  await new SignInPage(page).open();
  await new SignInPage(page).signIn(world.domainAdmin, PASSWORD);
  await expect(page.getByTestId('admin-quarantine-counts').locator('dd')).toHaveText(['2', '2']);
  await expect(page.getByTestId('admin-quarantine-by-action').getByRole('row', { name: /Rejected/ }).getByRole('cell')).toHaveText(['2', '2']);
  await page.getByTestId('admin-quarantine-by-action').getByRole('link', { name: 'Rejected' }).click();
  await expect(page).toHaveURL(/\/admin\/quarantine\?action=reject$/);
  await expect(new AdminArea(page).rows()).toHaveCount(2);
  await new AdminArea(page).nav().getByRole('link', { name: 'Overview' }).click();
  await page.getByTestId('admin-counts').getByRole('link', { name: 'Domains' }).click();
  await expect(page.getByTestId('admin-domains').locator('tbody strong')).toHaveText([world.domain]);
  await page.getByRole('link', { name: `Mailboxes of ${world.domain}` }).click();
  await expect(page.getByTestId('admin-mailboxes').locator('tbody').getByRole('row')).toHaveCount(3);
  await page.goto('/admin');
  await page.getByTestId('admin-counts').getByRole('link', { name: 'Aliases' }).click();
  // The world's domain has no aliases but its mailboxes' own rows, which the list leaves out: the
  // page shows its empty state (a check for the table raced with the list's answer).
  await expect(page).toHaveURL(/\/admin\/aliases$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Aliases' })).toBeVisible();
  await expect(page.getByText('No aliases match.')).toBeVisible();
});

// Issue 11: an admin keeps mailcow's read-write API key to an allow-list, sees a bad entry named,
// and a script (the test runner, from 127.0.0.1) is let in only once its address is listed; the
// logs page shows the change and the calls.
// The file name ends in "admin.spec" so it runs in the desktop project.
import { eq } from 'drizzle-orm';
import { api } from '../../db/schema/access.ts';
import { expect, PASSWORD, test } from '../fixtures.ts';
import { AdminArea } from '../pages/AdminArea.ts';

test('an admin restricts the rw key to an address list, and /api/v1 follows it', async ({ page, request, world, deps }) => {
  // "The rw key" is the one row of that level: start without one.
  await deps.db.delete(api).where(eq(api.access, 'rw'));
  const area = new AdminArea(page);
  await area.openAs(world.admin, PASSWORD, '/admin');
  await area.nav().getByRole('link', { name: 'API keys' }).click();
  const card = page.getByTestId('mailcow-key-rw');
  await expect(card).toContainText('There is no such key yet.');

  // A bad entry is refused and named; nothing is made.
  const list = card.getByRole('textbox', { name: 'Allowed from' });
  await list.fill('192.0.2.1\n10.0.0.0/33');
  await card.getByRole('button', { name: 'Create key' }).click();
  await expect(card.getByTestId('allow-list-errors')).toContainText('"10.0.0.0/33" is not an IP address or network');
  await expect(list).toHaveAttribute('aria-invalid', 'true');

  await list.fill('192.0.2.1');
  await card.getByRole('button', { name: 'Create key' }).click();
  const value = card.getByTestId('mailcow-key-value');
  await expect(value).toHaveText(/^[0-9A-F]{6}(-[0-9A-F]{6}){4}$/);
  const key = (await value.textContent())!.trim();

  const version = () => request.get('/api/v1/get/status/version', { headers: { 'X-API-Key': key } });
  const refused = await version();
  expect(refused.status()).toBe(401);
  expect(await refused.json()).toEqual({ type: 'error', msg: 'api access denied for ip 127.0.0.1' });

  await list.fill('192.0.2.1, 127.0.0.1');
  await card.getByRole('button', { name: 'Save' }).click();
  await expect(list).toHaveValue('192.0.2.1\n127.0.0.1');
  const allowed = await version();
  expect(allowed.status()).toBe(200);
  expect(await allowed.json()).toEqual({ version: expect.any(String) });

  // The logs show who changed the key from where, and the script's calls.
  await area.nav().getByRole('link', { name: 'Logs' }).click();
  await page.getByRole('textbox', { name: 'User' }).fill(world.admin);
  const changes = page.getByTestId('ui-log');
  await expect(changes.getByRole('row').filter({ hasText: 'admin_api_modified' }).first()).toContainText('127.0.0.1');
  await page.getByRole('tab', { name: 'API calls' }).click();
  await expect(page.getByTestId('api-log').getByRole('row').filter({ hasText: '/api/v1/get/status/version' }).first()).toContainText('GET');
});

test('a domain admin makes a scoped key, sees it once, uses it, and revokes it', async ({ page, request, world }) => {
  const area = new AdminArea(page);
  await area.openAs(world.domainAdmin, PASSWORD, '/admin/api-keys');
  const form = page.getByTestId('scoped-key-form');
  await form.getByRole('textbox', { name: 'Name' }).fill('deploy script');
  await form.getByRole('textbox', { name: 'Allowed from' }).fill('::1/129');
  await form.getByRole('button', { name: 'Create key' }).click();
  await expect(form.getByTestId('allow-list-errors')).toContainText('"::1/129"');
  await form.getByRole('textbox', { name: 'Allowed from' }).fill('127.0.0.1');
  await form.getByRole('button', { name: 'Create key' }).click();
  const secret = (await page.getByTestId('scoped-key-secret').textContent())!.trim();
  expect(secret).toMatch(/^cowbell-[0-9a-f]{48}$/);

  const version = () => request.get('/api/v1/get/status/version', { headers: { 'X-API-Key': secret } });
  // In: a domain admin is no admin, so mailcow's answer to it is empty.
  expect((await version()).status()).toBe(200);
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByTestId('scoped-key-secret')).toHaveCount(0);
  const row = page.getByTestId('scoped-keys').getByRole('row').filter({ hasText: 'deploy script' });
  await expect(row).toContainText(secret.slice(0, 14));
  await expect(row).not.toContainText(secret);
  await page.reload();
  await expect(row).toContainText('127.0.0.1');

  await row.getByRole('button', { name: 'Revoke deploy script' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
  await expect(row).toHaveCount(0);
  expect((await version()).status()).toBe(401);
});

// Issue 11: an admin makes a DKIM key for a domain and copies its DNS record; sets a mailbox's rate
// limit and sees the one in force, its own over its domain's. Desktop project ("admin.spec").
import type { Page } from '@playwright/test';
import { expect, PASSWORD, test } from '../fixtures.ts';
import { AdminArea } from '../pages/AdminArea.ts';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

const clipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText());

test('an admin generates a DKIM key, copies the record, and sets a mailbox rate limit that overrides its domain\'s', async ({ page, world, deps }) => {
  await new AdminArea(page).openAs(world.admin, PASSWORD, '/admin/dkim');
  const card = page.getByTestId(`dkim-${world.domain}`);
  await expect(card.getByText('No key')).toBeVisible();
  await card.getByLabel('Selector').fill('e2e');
  await card.getByLabel('Key size').selectOption('1024');
  await card.getByRole('button', { name: 'Generate key' }).click();

  const record = card.getByTestId(`dkim-record-${world.domain}`);
  await expect(record.getByText(`e2e._domainkey.${world.domain}`)).toBeVisible();
  const pubkey = await deps.redis.hget('DKIM_PUB_KEYS', world.domain);
  expect(await deps.redis.hget('DKIM_SELECTORS', world.domain)).toBe('e2e');
  const txt = `v=DKIM1;k=rsa;t=s;s=email;p=${pubkey}`;
  await expect(record.getByTestId('dkim-txt')).toHaveText(txt);
  await record.getByTestId('dkim-copy').click();
  await expect(record.getByTestId('dkim-copy')).toHaveText('Copied');
  expect(await clipboard(page)).toBe(txt);
  // A 1024-bit key's record is under 255 characters: split, it is one quoted string.
  await record.getByLabel('Split into 255-character strings').check();
  await expect(record.getByTestId('dkim-txt')).toHaveText(`"${txt}"`);
  await record.getByTestId('dkim-copy').click();
  expect(await clipboard(page)).toBe(`"${txt}"`);

  // The domain's edit form shows the same record, and sets the domain's rate limit.
  await page.goto('/admin/domains');
  await page.getByRole('button', { name: `Edit ${world.domain}` }).click();
  await expect(page.getByRole('dialog').getByTestId('domain-dkim').getByTestId('dkim-txt')).toHaveText(txt);
  const domainLimit = page.getByRole('dialog').getByTestId('rate-limit');
  await domainLimit.getByLabel('Messages').fill('100');
  await domainLimit.getByRole('button', { name: 'Set rate limit' }).click();
  await expect(domainLimit.getByTestId('effective-rate-limit')).toHaveText('In force: 100 per hour (the domain\'s)');
  expect(await deps.redis.hget('RL_VALUE', world.domain)).toBe('100 / 1h');

  await page.goto(`/admin/mailboxes?edit=${encodeURIComponent(world.user)}`);
  const limit = page.getByRole('dialog').getByTestId('rate-limit');
  await expect(limit.getByTestId('effective-rate-limit')).toHaveText('In force: 100 per hour (the domain\'s)');
  await limit.getByLabel('Messages').fill('12');
  await limit.getByLabel('Per').selectOption('m');
  await limit.getByRole('button', { name: 'Set rate limit' }).click();
  await expect(limit.getByTestId('effective-rate-limit')).toHaveText('In force: 12 per minute (this mailbox\'s own)');
  expect(await deps.redis.hget('RL_VALUE', world.user)).toBe('12 / 1m');
  await limit.getByLabel('Messages').fill('-3');
  await limit.getByRole('button', { name: 'Set rate limit' }).click();
  await expect(limit.getByLabel('Messages')).toHaveAttribute('aria-invalid', 'true');
  expect(await deps.redis.hget('RL_VALUE', world.user)).toBe('12 / 1m');
});

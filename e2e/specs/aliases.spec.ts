// Time-limited aliases on a phone (issue 8): one tap from the home screen to an address on the
// clipboard, a QR code, a shared page turned into an alias for that site, and extend / never expire /
// describe / delete from the list. Every address that reaches the mailbox on its own tab.
import { eq } from 'drizzle-orm';
import { alias, spamalias } from '../../db/schema/mail.ts';
import { expect, PASSWORD, test } from '../fixtures.ts';
import { AliasesArea } from '../pages/AliasesArea.ts';
import { SignInPage } from '../pages/SignInPage.ts';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

test.beforeEach(async ({ page, world }) => {
  await page.goto('/sign-in');
  await new SignInPage(page).signIn(world.user, PASSWORD);
  await expect(page.getByTestId('home-address')).toBeVisible();
});

test('the home-screen shortcut makes an alias and puts it on the clipboard, with a QR code; a reload makes no second one', async ({ page, world, deps }) => {
  const aliases = new AliasesArea(page);
  // What the manifest's "New alias" shortcut opens.
  await page.goto('/aliases/new');
  await expect(aliases.newAddress()).toHaveText(new RegExp(`^[a-z]+\\.[a-z]+@${world.domain.replace(/\./g, '\\.')}$`));
  const address = (await aliases.newAddress().textContent())!.trim();
  await expect(page.getByRole('status').filter({ hasText: 'On the clipboard' })).toBeVisible();
  expect(await aliases.clipboard()).toBe(address);
  await expect(page.getByRole('img', { name: `QR code for ${address}` })).toBeVisible();
  await expect(page).toHaveURL(/made=/);

  await page.reload();
  await expect(aliases.newAddress()).toHaveText(address);
  const rows = await deps.db.select().from(spamalias).where(eq(spamalias.goto, world.user));
  expect(rows.map((r) => r.address)).toEqual([address]);

  // From the list: the big button makes the next one.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Aliases' }).click();
  await expect(aliases.row(address)).toBeVisible();
  await page.getByTestId('new-alias').click();
  await expect(aliases.newAddress()).not.toHaveText(address);
  expect(await aliases.clipboard()).toBe((await aliases.newAddress().textContent())!.trim());
});

test("a link naming someone else's address is never shown as the user's new alias", async ({ page, world, deps }) => {
  const aliases = new AliasesArea(page);
  // Anyone can send this link; shown as "your new alias", the address would collect the user's sign-ups.
  await page.goto('/aliases/new?made=attacker%40evil.example');
  await expect(page.getByRole('button', { name: 'Another' })).toBeEnabled();
  await expect(aliases.newAddress()).toHaveCount(0);
  await expect(page.getByText('attacker@evil.example')).toHaveCount(0);
  expect(await deps.db.select().from(spamalias).where(eq(spamalias.goto, world.user))).toEqual([]);
});

test('the home page offers a new alias in one tap', async ({ page, world }) => {
  await page.getByTestId('home-new-alias').click();
  const aliases = new AliasesArea(page);
  await expect(aliases.newAddress()).toContainText(`@${world.domain}`);
  expect(await aliases.clipboard()).toBe((await aliases.newAddress().textContent())!.trim());
});

test('a page shared to the app becomes an alias for that site', async ({ page }) => {
  const aliases = new AliasesArea(page);
  await page.goto('/aliases/new?title=Basket&text=Look%20at%20this&url=https%3A%2F%2Fwww.shop.example%2Fbasket%3Fid%3D7');
  await expect(page.getByText('For shop.example')).toBeVisible();
  const address = (await aliases.newAddress().textContent())!.trim();
  await page.goto('/aliases');
  await expect(aliases.row(address)).toContainText('shop.example');
});

test('an alias is extended, made permanent, described and deleted from the list', async ({ page, deps }) => {
  const aliases = new AliasesArea(page);
  await page.goto('/aliases/new');
  const address = (await aliases.newAddress().textContent())!.trim();
  await page.goto('/aliases');
  const row = aliases.row(address);
  await expect(row.getByTestId('alias-expiry')).toContainText(/Expires in (12 months|1 year|next year)/);

  await aliases.choose(address, 'Valid for 1 day from now');
  await expect(row.getByTestId('alias-expiry')).toHaveText(/Expires in (24|23) hours/);
  await aliases.choose(address, 'Never expire');
  await expect(row.getByTestId('alias-expiry')).toHaveText('Never expires');
  expect(Number((await deps.db.select().from(spamalias).where(eq(spamalias.address, address)))[0].permanent)).toBe(1);

  await aliases.choose(address, 'Edit description');
  await row.getByLabel('Description').fill('Newsletter of the bakery');
  await row.getByRole('button', { name: 'Save' }).click();
  await expect(row).toContainText('Newsletter of the bakery');
  await page.reload();
  await expect(aliases.row(address)).toContainText('Newsletter of the bakery');

  await aliases.choose(address, 'Delete');
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(aliases.row(address)).toHaveCount(0);
  expect(await deps.db.select().from(spamalias).where(eq(spamalias.address, address))).toEqual([]);
  await expect(page.getByText('No time-limited aliases yet')).toBeVisible();
});

test('every address that reaches the mailbox is listed with how it reaches it, and copied in a tap', async ({ page, world, deps }) => {
  const shared = `team@${world.domain}`;
  await deps.db.insert(alias).values([
    { address: `hello@${world.domain}`, goto: world.user, domain: world.domain, publicComment: 'For the website' },
    { address: shared, goto: `${world.user},boss@elsewhere.example`, domain: world.domain },
  ]);
  await page.goto('/aliases');
  await page.getByRole('button', { name: 'All addresses' }).click();
  const rows = page.getByTestId('inbound-address');
  await expect(rows.filter({ hasText: `hello@${world.domain}` })).toContainText('For the website');
  await expect(rows.filter({ hasText: shared })).toContainText('also to boss@elsewhere.example');
  await rows.filter({ hasText: shared }).getByRole('button', { name: `Copy ${shared}` }).click();
  expect(await new AliasesArea(page).clipboard()).toBe(shared);
  await page.getByLabel('Search addresses and descriptions').fill('website');
  await expect(rows).toHaveCount(1);
});

test('the manifest offers the "New alias" shortcut and takes shared pages', async ({ page }) => {
  const manifest = await (await page.request.get('/manifest.webmanifest')).json();
  // Relative to the manifest's URL (the app may live under a path): both open /aliases/new here.
  expect(manifest.shortcuts).toEqual([expect.objectContaining({ name: 'New alias', url: 'aliases/new' })]);
  expect(manifest.share_target).toEqual({ action: 'aliases/new', method: 'GET', params: { title: 'title', text: 'text', url: 'url' } });
});

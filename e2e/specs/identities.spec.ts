// Send-as addresses (issue 8): every address the user may send from, each identity edited on a phone
// and one chosen as the default, written where SOGo reads them (sogo_user_profile.c_defaults).
import { eq } from 'drizzle-orm';
import { alias } from '../../db/schema/mail.ts';
import { sogoUserProfile } from '../../db/schema/sogo.ts';
import { expect, PASSWORD, test } from '../fixtures.ts';
import { SignInPage } from '../pages/SignInPage.ts';

test('identities are listed, edited and one made the default, in SOGo\'s own preferences', async ({ page, world, deps }) => {
  const hello = `hello@${world.domain}`;
  await deps.db.insert(alias).values({ address: hello, goto: world.user, domain: world.domain, active: 1, sogoVisible: 1, senderAllowed: 1 });
  await page.goto('/sign-in');
  await new SignInPage(page).signIn(world.user, PASSWORD);
  await expect(page.getByTestId('home-address')).toBeVisible();
  await page.goto('/settings');
  await page.getByRole('link', { name: 'Names, reply-to and signatures' }).click();
  await expect(page.getByRole('heading', { name: 'Send-as addresses' })).toBeVisible();
  const cards = page.getByTestId('identity');
  const card = (address: string) => cards.filter({ has: page.getByTestId('identity-address').getByText(address, { exact: true }) });
  const own = card(world.user);
  const other = card(hello);
  await expect(own).toContainText('Default');
  await expect(other).toContainText('an alias');

  await other.getByRole('button', { name: 'Edit' }).click();
  await other.getByLabel('Name').fill('Hello Desk');
  await other.getByLabel('Reply to').fill('not an address');
  await other.getByRole('button', { name: 'Save' }).click();
  await expect(other.getByLabel('Reply to')).toHaveAttribute('aria-invalid', 'true');
  await other.getByLabel('Reply to').fill(world.user);
  await other.getByLabel('Signature').fill('-- \nThe hello desk');
  await other.getByRole('button', { name: 'Save' }).click();
  await expect(other.getByTestId('identity-name')).toHaveText('Hello Desk');
  await expect(other).toContainText('The hello desk');

  await other.getByRole('button', { name: 'Make default' }).click();
  await expect(other).toContainText('Default');
  await expect(own.getByText('Default', { exact: true })).toHaveCount(0);

  const [row] = await deps.db.select().from(sogoUserProfile).where(eq(sogoUserProfile.cUid, world.user));
  const identities = JSON.parse(row.cDefaults!).SOGoMailIdentities as { email: string; fullName: string; isDefault?: unknown; replyTo?: string }[];
  expect(identities).toEqual(expect.arrayContaining([
    expect.objectContaining({ email: hello, fullName: 'Hello Desk', replyTo: world.user, isDefault: expect.anything() }),
    expect.objectContaining({ email: world.user }),
  ]));
  await page.reload();
  await expect(card(hello)).toContainText('Default');
});

// Pushover (issue 9): the settings card fills mailcow's pushover row, and a regex PHP would refuse is
// refused with its reason under the field.
import { eq } from 'drizzle-orm';
import { pushover } from '../../db/schema/quarantine.ts';
import { expect, PASSWORD, test } from '../fixtures.ts';
import { SignInPage } from '../pages/SignInPage.ts';

const KEY = 'uQiRzpo4DXghDmr9QzzfQu27cmVRsG';
const TOKEN = 'azGDORePK8gMaC0QOYAMyEEuzJnyUi';

test('the Pushover card saves mailcow’s row and says why a regex is refused', async ({ page, world, deps }) => {
  await page.goto('/sign-in');
  await new SignInPage(page).signIn(world.user, PASSWORD);
  await expect(page.getByTestId('home-address')).toBeVisible();
  await page.goto('/settings');
  const card = page.getByRole('region', { name: 'Pushover' });

  await card.getByLabel('User key').fill(KEY);
  await card.getByLabel('API token').fill(TOKEN);
  await card.getByLabel('Title', { exact: true }).fill('New mail');
  await card.getByLabel('Only from these senders').fill('First.Last@gmail.com; boss@example.com, nonsense');
  await card.getByLabel('Or senders matching this regex').fill('/(boss/i');
  await card.getByRole('button', { name: 'Save' }).click();
  const regex = card.getByLabel('Or senders matching this regex');
  await expect(regex).toHaveAttribute('aria-invalid', 'true');
  await expect(card).toContainText('Not a valid regex: Compilation failed');
  expect(await deps.db.select().from(pushover).where(eq(pushover.username, world.user))).toEqual([]);

  await regex.fill('/@example\\.com$/i');
  await card.getByLabel('Sound').selectOption('siren');
  await card.getByLabel('Only high-priority mail').check();
  await card.getByRole('button', { name: 'Save' }).click();
  await expect(card.getByTestId('pushover-saved')).toBeVisible();
  await expect(regex).not.toHaveAttribute('aria-invalid', 'true');

  const [row] = await deps.db.select().from(pushover).where(eq(pushover.username, world.user));
  expect(row).toMatchObject({ key: KEY, token: TOKEN, title: 'New mail', senders: 'FirstLast@gmail.com,boss@example.com', sendersRegex: '/@example\\.com$/i', active: 1 });
  expect(JSON.parse(row.attributes!)).toEqual({ evaluate_x_prio: '0', only_x_prio: '1', sound: 'siren' });

  await page.reload();
  await expect(card.getByLabel('Only from these senders')).toHaveValue('FirstLast@gmail.com,boss@example.com');
});

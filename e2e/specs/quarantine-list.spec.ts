// The quarantine list on a phone: select-all, the floating action bar, swipes, the skeleton, empty
// states, the search limit, and dates and numbers in the user's language.
import { expect, PASSWORD, test } from '../fixtures.ts';
import { holdClock, QuarantineScreens } from '../pages/QuarantineScreens.ts';
import { SignInPage } from '../pages/SignInPage.ts';

test.beforeEach(async ({ page, world }) => {
  await page.goto('/sign-in');
  await new SignInPage(page).signIn(world.user, PASSWORD);
  await expect(page.getByTestId('home-address')).toBeVisible();
});

test('select all selects what is shown, counts it, and the action bar does not move the list', async ({ page, quarantine }) => {
  for (const s of ['First', 'Second', 'Third']) await quarantine({ subject: s });
  const q = new QuarantineScreens(page);
  await page.goto('/quarantine');
  const count = page.getByTestId('selection-count');
  await expect(count).toHaveText('3 messages');
  const firstRow = q.row('Third');
  const before = await firstRow.boundingBox();

  const all = page.getByRole('checkbox', { name: 'Select all' });
  await all.check();
  await expect(count).toHaveText('3 of 3 selected');
  for (const s of ['First', 'Second', 'Third']) await expect(page.getByRole('checkbox', { name: `Select “${s}”` })).toBeChecked();
  const bar = q.bulkBar(3);
  await expect(bar).toBeInViewport();
  expect(await firstRow.boundingBox()).toEqual(before);

  await page.getByRole('checkbox', { name: 'Select “Second”' }).uncheck();
  await expect(count).toHaveText('2 of 3 selected');
  await expect(all).not.toBeChecked();
  expect(await all.evaluate((el: HTMLInputElement) => el.indeterminate)).toBe(true);
  await all.check();
  await all.uncheck();
  await expect(count).toHaveText('3 messages');
  await expect(page.getByRole('toolbar', { name: /^Actions for/ })).toHaveCount(0);
});

test('swiping a row left deletes it with Undo; swiping right releases it', async ({ page, quarantine }) => {
  const kept = await quarantine({ subject: 'Swipe me left' });
  const released = await quarantine({ subject: 'Swipe me right' });
  const q = new QuarantineScreens(page);
  await holdClock(page);
  await page.goto('/quarantine');

  // A short swipe is nothing; it does not open the message either.
  await q.swipe(q.row('Swipe me left'), 'left', 0.15);
  await expect(page).toHaveURL(/\/quarantine$/);
  await expect(page.getByTestId('toast')).toHaveCount(0);

  await q.swipe(q.row('Swipe me left'), 'left');
  await expect(q.row('Swipe me left')).toHaveCount(0);
  await q.toast('Deleting 1 message…').getByRole('button', { name: 'Undo' }).tap();
  await expect(q.row('Swipe me left')).toBeVisible();
  await expect(page).toHaveURL(/\/quarantine$/);

  await q.swipe(q.row('Swipe me right'), 'right');
  await expect(q.toast('Releasing 1 message…')).toBeVisible();
  await expect(q.row('Swipe me right')).toHaveCount(0);
  await page.clock.runFor(5_000);
  await expect(q.toast('Released 1 message.')).toBeVisible();
  await page.reload();
  await expect(q.row('Swipe me left')).toBeVisible();
  await expect(q.row('Swipe me right')).toHaveCount(0);
  expect([kept.id, released.id]).toHaveLength(2);
});

test('a skeleton stands in for the list while the first page loads', async ({ page, quarantine }) => {
  await quarantine({ subject: 'Worth the wait' });
  let answer!: () => void;
  const held = new Promise<void>((resolve) => { answer = resolve; });
  await page.route(/\/api\/quarantine\?/, async (route) => { await held; await route.continue(); });
  await page.goto('/quarantine');
  await expect(page.getByTestId('quarantine-skeleton')).toBeVisible();
  await expect(page.getByTestId('quarantine-empty')).toHaveCount(0);
  answer();
  await expect(new QuarantineScreens(page).row('Worth the wait')).toBeVisible();
  await expect(page.getByTestId('quarantine-skeleton')).toHaveCount(0);
});

test('an empty quarantine and a search without results say different things', async ({ page, quarantine }) => {
  await page.goto('/quarantine');
  await expect(page.getByTestId('quarantine-empty')).toHaveText('Nothing in quarantine. Good.');
  await quarantine({ subject: 'Parcel notice' });
  await page.reload();
  const q = new QuarantineScreens(page);
  await expect(q.row('Parcel notice')).toBeVisible();
  await page.getByPlaceholder('Search sender or subject').fill('watches');
  const noMatch = page.getByTestId('quarantine-no-match');
  await expect(noMatch).toContainText('No message matches “watches”.');
  await expect(page.getByTestId('quarantine-empty')).toHaveCount(0);
  await noMatch.getByRole('button', { name: 'Clear search' }).click();
  await expect(page.getByPlaceholder('Search sender or subject')).toHaveValue('');
  await expect(q.row('Parcel notice')).toBeVisible();
});

test('a long search stops at the server’s limit, and a failed load says why in words', async ({ page, quarantine }) => {
  await quarantine({ subject: 'Short and sweet' });
  await page.goto('/quarantine');
  const search = page.getByPlaceholder('Search sender or subject');
  await search.fill('x'.repeat(250));
  await expect(search).toHaveValue('x'.repeat(200));
  await expect(page.getByTestId('quarantine-no-match')).toBeVisible();
  await expect(page.getByTestId('list-error')).toHaveCount(0);

  await page.route(/\/api\/quarantine\?/, (route) => route.abort());
  await search.fill('short');
  const error = page.getByTestId('list-error');
  await expect(error).toContainText('No connection to the server. Check your network and try again.');
  await page.unroute(/\/api\/quarantine\?/);
  await error.getByRole('button', { name: 'Try again' }).click();
  await expect(new QuarantineScreens(page).row('Short and sweet')).toBeVisible();
  await expect(error).toHaveCount(0);
});

test('dates and numbers follow the language: today a time, yesterday a word, decimal commas', async ({ page, quarantine }) => {
  await quarantine({ subject: 'Heute angekommen' });
  const q = new QuarantineScreens(page);
  await page.goto('/quarantine');
  const row = q.row('Heute angekommen');
  await expect(row.locator('time')).toHaveText(/^\d{1,2}:\d\d\s?[AP]M$/);
  await expect(row).toContainText('score 18.5');
  await expect(row.getByTestId('row-reason')).toHaveText('Looks like spam');

  await page.evaluate(() => localStorage.setItem('cowbell.locale', 'de'));
  await page.reload();
  const zeile = page.getByRole('list', { name: 'Quarantäne' }).getByRole('listitem').filter({ hasText: 'Heute angekommen' });
  await expect(zeile.locator('time')).toHaveText(/^\d\d:\d\d$/);
  await expect(zeile).toContainText('Wert 18,5');
  await expect(zeile.getByTestId('row-reason')).toHaveText('Sieht nach Spam aus');
  await expect(page.getByTestId('selection-count')).toHaveText('1 Nachricht');

  // A day later the same message was received yesterday.
  await page.clock.setFixedTime(Date.now() + 24 * 3600_000);
  await page.reload();
  await expect(zeile.locator('time')).toHaveText('Gestern');
  await zeile.getByRole('link').click();
  await expect(page.getByText(/^Gestern, \d\d:\d\d$/)).toBeVisible();
  await expect(page.getByText('Abgelehnt, Wert 18,50')).toBeVisible();
});

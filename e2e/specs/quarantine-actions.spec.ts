// Actions on a phone: delete and block wait behind an Undo toast, leaving commits at once, bulk
// actions ask once, and every action ends in a toast that says what happened.
import { removeItems } from '../../server/features/quarantine/quarantine-index.ts';
import { expect, PASSWORD, test } from '../fixtures.ts';
import { holdClock, QuarantineScreens } from '../pages/QuarantineScreens.ts';
import { SignInPage } from '../pages/SignInPage.ts';

test.beforeEach(async ({ page, world }) => {
  await page.goto('/sign-in');
  await new SignInPage(page).signIn(world.user, PASSWORD);
  await expect(page.getByTestId('home-address')).toBeVisible();
});

/** The ids the server still lists for the signed-in user. */
async function serverIds(page: import('@playwright/test').Page): Promise<number[]> {
  const body = await (await page.request.get('/api/quarantine')).json();
  return body.items.map((i: { id: number }) => i.id);
}

test('a delete waits behind Undo, and Undo keeps the message', async ({ page, quarantine }) => {
  const item = await quarantine({ subject: 'Keep me after all' });
  const q = new QuarantineScreens(page);
  await holdClock(page);
  await page.goto(`/quarantine/${item.id}`);
  await q.more('Delete');
  await expect(page).toHaveURL(/\/quarantine$/);
  const toast = q.toast('Deleting 1 message…');
  await expect(toast).toBeVisible();
  await expect(q.row('Keep me after all')).toHaveCount(0);
  await toast.getByRole('button', { name: 'Undo' }).tap();
  await expect(q.row('Keep me after all')).toBeVisible();
  await expect(toast).toHaveCount(0);
  await page.clock.runFor(20_000);
  expect(await serverIds(page)).toContain(item.id);
});

test('a delete happens when its toast runs out, and says so', async ({ page, quarantine }) => {
  const item = await quarantine({ subject: 'Really delete' });
  const q = new QuarantineScreens(page);
  await holdClock(page);
  await page.goto(`/quarantine/${item.id}`);
  await q.more('Delete');
  await expect(q.toast('Deleting 1 message…')).toBeVisible();
  await page.clock.runFor(4_000);
  expect(await serverIds(page)).toContain(item.id);
  await page.clock.runFor(1_000);
  await expect(q.toast('Deleted 1 message.')).toBeVisible();
  expect(await serverIds(page)).not.toContain(item.id);
});

test('leaving the quarantine runs a waiting delete at once', async ({ page, quarantine }) => {
  const item = await quarantine({ subject: 'Leave and delete' });
  const q = new QuarantineScreens(page);
  await holdClock(page); // the Undo time never runs out by itself here: only leaving can commit
  await page.goto('/quarantine');
  await page.getByRole('checkbox', { name: 'Select “Leave and delete”' }).check();
  await q.bulkBar(1).getByRole('button', { name: 'Delete' }).click();
  await expect(q.toast('Deleting 1 message…')).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home' }).click();
  await expect(q.toast('Deleted 1 message.')).toBeVisible();
  expect(await serverIds(page)).not.toContain(item.id);
});

test('closing the page or hiding the app runs a waiting delete at once', async ({ page, context, quarantine }) => {
  const closed = await quarantine({ subject: 'Closed tab' });
  const hidden = await quarantine({ subject: 'Hidden app' });
  const q = new QuarantineScreens(page);
  await holdClock(page); // the Undo time never runs out by itself here: only leaving can commit
  await page.goto('/quarantine');
  await page.getByRole('checkbox', { name: 'Select “Hidden app”' }).check();
  await q.bulkBar(1).getByRole('button', { name: 'Delete' }).click();
  await expect(q.toast('Deleting 1 message…')).toBeVisible();
  // The app goes to the background (a phone switching apps): the document reports itself hidden.
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await expect(q.toast('Deleted 1 message.')).toBeVisible();
  await page.reload();
  await page.getByRole('checkbox', { name: 'Select “Closed tab”' }).check();
  await q.bulkBar(1).getByRole('button', { name: 'Delete' }).click();
  await expect(q.toast('Deleting 1 message…')).toBeVisible();
  await page.close({ runBeforeUnload: true });
  const other = await context.newPage();
  await expect.poll(() => serverIds(other)).not.toContain(closed.id);
  expect(await serverIds(other)).not.toContain(hidden.id);
});

test('block sender waits behind Undo, keeps the message and ends in a toast', async ({ page, quarantine }) => {
  const item = await quarantine({ subject: 'Block this one', sender: 'pest@spam.example' });
  const q = new QuarantineScreens(page);
  await holdClock(page);
  await page.goto(`/quarantine/${item.id}`);
  await q.more('Block sender');
  await expect(q.toast('Blocking the sender of 1 message…')).toBeVisible();
  await page.clock.runFor(5_000);
  await expect(q.toast('Blocked the sender of 1 message.')).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/quarantine/${item.id}$`));
  expect(await serverIds(page)).toContain(item.id);
});

test('a bulk action asks once; Cancel leaves everything as it was', async ({ page, quarantine }) => {
  for (const s of ['Alpha', 'Beta', 'Gamma']) await quarantine({ subject: s });
  const q = new QuarantineScreens(page);
  await page.goto('/quarantine');
  for (const s of ['Alpha', 'Beta', 'Gamma']) await page.getByRole('checkbox', { name: `Select “${s}”` }).check();
  await q.bulkBar(3).getByRole('button', { name: 'Release' }).click();
  const dialog = page.getByRole('dialog', { name: 'Release 3 messages?' });
  await expect(dialog).toContainText('They are delivered to the inbox.');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  for (const s of ['Alpha', 'Beta', 'Gamma']) await expect(page.getByRole('checkbox', { name: `Select “${s}”` })).toBeChecked();
  await q.bulkBar(3).getByRole('button', { name: 'Release' }).click();
  await dialog.getByRole('button', { name: 'Release' }).click();
  await expect(q.toast('Released 3 messages.')).toBeVisible();
  await expect(page.getByTestId('quarantine-empty')).toHaveText('Nothing in quarantine. Good.');
  await expect(page.getByRole('toolbar', { name: /^Actions for/ })).toHaveCount(0);
});

test('a toast counts what failed and says why', async ({ page, deps, quarantine }) => {
  const kept = await quarantine({ subject: 'Still here' });
  const gone = await quarantine({ subject: 'Gone meanwhile' });
  const q = new QuarantineScreens(page);
  await page.goto('/quarantine');
  for (const s of ['Still here', 'Gone meanwhile']) await page.getByRole('checkbox', { name: `Select “${s}”` }).check();
  await removeItems(deps.db, [gone.id]); // deleted elsewhere (mailcow's UI, another device)
  await q.bulkBar(2).getByRole('button', { name: 'Release' }).click();
  await page.getByRole('dialog', { name: 'Release 2 messages?' }).getByRole('button', { name: 'Release' }).click();
  await expect(q.toast('Released 1 message. 1 failed: Already gone (released or deleted elsewhere).')).toBeVisible();
  expect(await serverIds(page)).not.toContain(kept.id);
});

test('release failures name the mail server, in English and German', async ({ page, quarantine }) => {
  const item = await quarantine({ subject: 'Cannot be sent' });
  const q = new QuarantineScreens(page);
  // The mail server's answers, as the server reports them when it refuses or cannot be reached.
  const answers = ['release_failed', 'mail_server_unreachable'];
  await page.route('**/api/quarantine/actions', (route) =>
    route.fulfill({ json: { results: [{ id: item.id, ok: false, error: answers.shift() }] } }));
  await page.goto(`/quarantine/${item.id}`);
  await q.itemBar().getByRole('button', { name: 'Release' }).click();
  await expect(q.toast('1 failed: The mail server (RELEASE_SMTP_HOST) did not take the message.')).toBeVisible();
  await q.itemBar().getByRole('button', { name: 'Release' }).click();
  await expect(q.toast('1 failed: Release needs the mail server (RELEASE_SMTP_HOST), which could not be reached.')).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/quarantine/${item.id}$`));

  await page.evaluate(() => localStorage.setItem('cowbell.locale', 'de'));
  await page.reload();
  answers.push('mail_server_unreachable');
  await page.getByRole('toolbar', { name: 'Aktionen für diese Nachricht' }).getByRole('button', { name: 'Freigeben' }).click();
  await expect(q.toast('1 fehlgeschlagen: Freigeben braucht den Mailserver (RELEASE_SMTP_HOST), der nicht erreichbar war.')).toBeVisible();
});

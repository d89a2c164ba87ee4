import type { Locator } from '@playwright/test';
import { expect, PASSWORD, test } from '../fixtures.ts';
import { holdClock } from '../pages/QuarantineScreens.ts';
import { SignInPage } from '../pages/SignInPage.ts';

test.beforeEach(async ({ page, world }) => {
  await page.goto('/sign-in');
  await new SignInPage(page).signIn(world.user, PASSWORD);
  await expect(page.getByTestId('home-address')).toBeVisible();
});

test('lists, searches, opens and releases a quarantined message', async ({ page, quarantine }) => {
  await quarantine({ subject: 'Cheap watches' });
  await quarantine({ subject: 'Your parcel', sender: 'dhl@parcel.example' });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Quarantine' }).click();
  const list = page.getByRole('list', { name: 'Quarantine' });
  await expect(list.getByRole('listitem')).toHaveCount(2);
  await page.getByPlaceholder('Search sender or subject').fill('parcel');
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await list.getByRole('link', { name: /Your parcel/ }).click();
  await expect(page.getByRole('heading', { name: 'Your parcel' })).toBeVisible();
  await expect(page.getByText('MAILSTACK_TEST_SPAM').first()).toBeAttached();
  await page.getByRole('toolbar', { name: 'Actions for this message' }).getByRole('button', { name: 'Release' }).click();
  await expect(page).toHaveURL(/\/quarantine$/);
  await page.getByPlaceholder('Search sender or subject').fill('');
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(list).toContainText('Cheap watches');
});

test('deletes several messages at once', async ({ page, quarantine }) => {
  for (const s of ['One', 'Two', 'Three']) await quarantine({ subject: s });
  await holdClock(page);
  await page.goto('/quarantine');
  await page.getByRole('checkbox', { name: 'Select “One”' }).check();
  await page.getByRole('checkbox', { name: 'Select “Three”' }).check();
  await page.getByRole('toolbar', { name: 'Actions for 2 selected' }).getByRole('button', { name: 'Delete' }).click();
  // Asked once for the batch; then the delete waits behind its Undo toast, the rows already gone.
  await page.getByRole('dialog', { name: 'Delete 2 messages?' }).getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByTestId('toast').filter({ hasText: 'Deleting 2 messages…' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Quarantine' }).getByRole('listitem')).toHaveCount(1);
  await page.clock.runFor(5_000);
  await expect(page.getByTestId('toast').filter({ hasText: 'Deleted 2 messages.' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('list', { name: 'Quarantine' }).getByRole('listitem')).toHaveCount(1);
});

test('shows hostile HTML without running it or contacting any outside host', async ({ page, context, quarantine }) => {
  const item = await quarantine({ file: 'hostile-html.eml', subject: 'Invoice' });
  const outside: string[] = [];
  context.on('request', (r) => { if (!r.url().startsWith('http://127.0.0.1:') && !r.url().startsWith('data:') && r.url() !== 'about:srcdoc') outside.push(r.url()); });
  const dialogs: string[] = [];
  page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });
  await page.goto(`/quarantine/${item.id}`);
  const frame = page.frameLocator('[data-testid="html-preview"]');
  await expect(frame.getByText('is ready.')).toBeVisible();
  await expect(frame.getByRole('link', { name: 'https://bank.example.com/login' })).toHaveAttribute('title', 'https://phish.example.net/login');
  await expect(page.getByTestId('remote-blocked')).toBeVisible();
  await expect(frame.locator('script, iframe, form, svg')).toHaveCount(0);
  await page.waitForLoadState('networkidle');
  expect(dialogs).toEqual([]);
  expect(outside).toEqual([]);
});

test('changes the summary mail interval and keeps it', async ({ page }) => {
  await page.goto('/settings');
  // The choice is saved as it is made: reload only once the server has it.
  const saved = page.waitForResponse((r) => r.url().endsWith('/api/quarantine-settings') && r.request().method() === 'PUT');
  await page.getByLabel('How often').selectOption('daily');
  expect((await saved).ok()).toBe(true);
  await page.reload();
  await expect(page.getByLabel('How often')).toHaveValue('daily');
});

test('a digest link deletes without signing in', async ({ browser, quarantine }) => {
  const { qhash } = await quarantine({ subject: 'Link me' });
  const anon = await browser.newPage();
  await anon.goto(`/qhandler/delete/${qhash}`);
  await expect(anon.getByRole('heading', { name: 'Delete this message?' })).toBeVisible();
  await expect(anon.getByText('Link me')).toBeVisible();
  await anon.getByRole('button', { name: 'Delete' }).click();
  await expect(anon.getByTestId('quick-done')).toHaveText('The message was deleted.');
  await anon.close();
});

test('a digest link says in words why a release failed or the link no longer works, in English and German', async ({ browser, quarantine }) => {
  const { id, qhash } = await quarantine({ subject: 'Not sent' });
  const anon = await browser.newPage();
  // The server's answers when the mail server cannot be reached or refuses the message (qhandler.test.ts).
  const answers = ['mail_server_unreachable', 'release_failed'];
  await anon.route(`**/api/qhandler/${qhash}`, (route) => (route.request().method() === 'POST'
    ? route.fulfill({ json: { id, ok: false, error: answers.shift() } }) : route.fallback()));
  await anon.goto(`/qhandler/release/${qhash}`);
  await anon.getByRole('button', { name: 'Release' }).click();
  await expect(anon.getByTestId('quick-failed')).toHaveText('The mail server could not be reached, so the message was not released. Try again later.');
  await anon.evaluate(() => localStorage.setItem('cowbell.locale', 'de'));
  await anon.reload();
  await anon.getByRole('button', { name: 'Freigeben' }).click();
  await expect(anon.getByTestId('quick-failed')).toHaveText('Der Mailserver hat die Nachricht nicht angenommen, deshalb wurde sie nicht freigegeben. '
    + 'Versuchen Sie es später erneut; klappt es weiterhin nicht, wenden Sie sich an Ihren Administrator.');
  await anon.evaluate(() => localStorage.setItem('cowbell.locale', 'en'));
  await anon.goto(`/qhandler/delete/${'e'.repeat(64)}`);
  await expect(anon.getByTestId('quick-failed')).toHaveText('This link is no longer valid. The message may have been released or deleted already.');
  await anon.close();
});

/**
 * How an element that shows the other side's text is laid out: its tag, unicode-bidi and dir, and
 * whether text placed right after it (" – sender") still runs left to right. The same check on a plain
 * <span> with the same text is the control: there the override leaks and reverses the following text.
 */
function bidiLayout(el: Locator) {
  return el.evaluate((node) => {
    const lettersInOrder = (shown: Element) => {
      const after = document.createTextNode(' – sender');
      shown.after(after);
      const xs = [...'sender'].map((_, i) => {
        const range = document.createRange();
        range.setStart(after, 3 + i);
        range.setEnd(after, 4 + i);
        return range.getBoundingClientRect().left;
      });
      after.remove();
      return xs.every((x, i) => i === 0 || x > xs[i - 1]);
    };
    const plain = document.createElement('span');
    plain.textContent = node.textContent;
    node.replaceWith(plain);
    const plainInOrder = lettersInOrder(plain);
    plain.replaceWith(node);
    return { tag: node.tagName, unicodeBidi: getComputedStyle(node).unicodeBidi, dir: node.getAttribute('dir'),
      followingInOrder: lettersInOrder(node), plainInOrder };
  });
}

test('isolates a subject with a right-to-left override in the list and on the detail page', async ({ page, quarantine }) => {
  const subject = 'Invoice \u202Efdp.exe';
  const item = await quarantine({ subject, sender: 'billing@shop.example' });
  const isolated = { tag: 'BDI', unicodeBidi: 'isolate', dir: 'auto', followingInOrder: true, plainInOrder: false };
  await page.goto('/quarantine');
  const row = page.getByRole('list', { name: 'Quarantine' }).getByRole('listitem').filter({ hasText: 'billing@shop.example' });
  await expect(row).toHaveCount(1);
  expect(await bidiLayout(row.getByText(subject, { exact: true }))).toEqual(isolated);
  expect(await bidiLayout(row.getByText('billing@shop.example', { exact: true }))).toMatchObject({ tag: 'BDI', unicodeBidi: 'isolate' });
  await page.goto(`/quarantine/${item.id}`);
  const heading = page.getByRole('heading', { level: 1 });
  await expect(heading).toHaveText(subject);
  expect(await bidiLayout(heading.getByText(subject, { exact: true }))).toEqual(isolated);
  expect(await bidiLayout(page.getByTestId('detail-from').getByText(/./))).toMatchObject({ tag: 'BDI', unicodeBidi: 'isolate', dir: 'auto' });
});

// The quarantine detail on a phone: a compact header, actions always in reach, a warning for a
// From header that is not the sender's, reasons in plain words, and a preview as tall as the mail.
import { expect, PASSWORD, test } from '../fixtures.ts';
import { QuarantineScreens } from '../pages/QuarantineScreens.ts';
import { SignInPage } from '../pages/SignInPage.ts';

test.beforeEach(async ({ page, world }) => {
  await page.goto('/sign-in');
  await new SignInPage(page).signIn(world.user, PASSWORD);
  await expect(page.getByTestId('home-address')).toBeVisible();
});

const htmlMail = (body: string) => [
  'From: Shop <news@shop.example>', 'To: alice@example.test', 'Subject: News', 'MIME-Version: 1.0',
  'Content-Type: text/html; charset=utf-8', '', `<html><body>${body}</body></html>`, '',
].join('\r\n');

test('a 180-character subject keeps to three lines and the actions stay in view', async ({ page, quarantine }) => {
  const subject = `${'Urgent: your account needs verification before it is closed '.repeat(3)}`.slice(0, 180);
  const item = await quarantine({ subject });
  const q = new QuarantineScreens(page);
  await page.goto(`/quarantine/${item.id}`);
  const heading = page.getByRole('heading', { level: 1 });
  await expect(heading).toHaveText(subject);
  const lineHeight = await heading.evaluate((el) => parseFloat(getComputedStyle(el).lineHeight));
  expect((await heading.boundingBox())!.height).toBeLessThanOrEqual(3 * lineHeight + 1);
  expect(await heading.evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeLessThanOrEqual(17);

  const bar = q.itemBar();
  const release = bar.getByRole('button', { name: 'Release' });
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(release).toBeInViewport({ ratio: 1 });
  expect((await bar.boundingBox())!.y + (await bar.boundingBox())!.height).toBeLessThanOrEqual((await nav.boundingBox())!.y + 1);

  const expand = page.getByRole('button', { name: 'Show the whole subject' });
  await expand.click();
  await expect(page.getByRole('button', { name: 'Show less' })).toHaveAttribute('aria-expanded', 'true');
  expect((await heading.boundingBox())!.height).toBeGreaterThan(3 * lineHeight + 1);
  await expect(release).toBeInViewport({ ratio: 1 });
  await page.mouse.wheel(0, 5_000);
  await expect(release).toBeInViewport({ ratio: 1 });
});

test('Release comes first; the other actions are in an accessible More menu', async ({ page, quarantine }) => {
  const item = await quarantine({ subject: 'Menu please' });
  const q = new QuarantineScreens(page);
  await page.goto(`/quarantine/${item.id}`);
  const bar = q.itemBar();
  await expect(bar.getByRole('button')).toHaveText(['Release', 'More']);
  const more = bar.getByRole('button', { name: 'More' });
  await expect(more).toHaveAttribute('aria-haspopup', 'menu');
  await more.click();
  await expect(more).toHaveAttribute('aria-expanded', 'true');
  const menu = page.getByRole('menu', { name: 'More' });
  await expect(menu.getByRole('menuitem')).toHaveText(['Delete', 'Not spam', 'Spam', 'Block sender']);
  await expect(menu.getByRole('menuitem', { name: 'Delete' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitem', { name: 'Not spam' })).toBeFocused();
  await page.keyboard.press('End');
  await expect(menu.getByRole('menuitem', { name: 'Block sender' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitem', { name: 'Delete' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  await expect(more).toBeFocused();
  await expect(more).toHaveAttribute('aria-expanded', 'false');
});

test('warns when the From header names another domain than the envelope sender', async ({ page, quarantine }) => {
  // ham.eml says From: Carol <carol@example.test>.
  const forged = await quarantine({ subject: 'Looks like Carol', sender: 'mailer@bulk-sender.example' });
  const own = await quarantine({ subject: 'Really Carol', sender: 'bounces+123@mail.example.test' });
  await page.goto(`/quarantine/${forged.id}`);
  const warning = page.getByTestId('sender-mismatch');
  await expect(warning).toContainText('the From address is at example.test, but the mail came from bulk-sender.example');
  await page.goto(`/quarantine/${own.id}`);
  await expect(page.getByRole('heading', { name: 'Really Carol' })).toBeVisible();
  await expect(warning).toHaveCount(0);
  // Senders stay isolated text wherever they are shown.
  await expect(page.getByTestId('detail-sender').locator('bdi[dir="auto"]')).toHaveText('bounces+123@mail.example.test');
});

test('reasons are explained in plain words and the raw symbols stay visible', async ({ page, quarantine }) => {
  const item = await quarantine({ subject: 'Why held', symbols: [
    { name: 'BAYES_SPAM', score: 5.1 }, { name: 'RBL_SPAMHAUS_XBL', score: 4 }, { name: 'MIME_DOUBLE_BAD_EXTENSION', score: 3 },
    { name: 'R_SPF_FAIL', score: 1 }, { name: 'CUSTOM_LOCAL_RULE', score: 2 }, { name: 'R_DKIM_ALLOW', score: -0.2 },
  ] });
  await page.goto('/quarantine');
  await expect(new QuarantineScreens(page).row('Why held').getByTestId('row-reason')).toHaveText('Looks like spam');
  await page.goto(`/quarantine/${item.id}`);
  const reasons = page.getByRole('region', { name: 'Why it was held' });
  await expect(reasons.getByRole('listitem')).toHaveCount(4);
  await expect(reasons.getByRole('listitem').nth(1)).toContainText('Sender on a blocklist');
  await expect(reasons.getByRole('listitem').nth(1)).toContainText('The server that sent it is listed as a source of spam.');
  await expect(reasons.getByRole('listitem').nth(1)).toContainText('RBL_SPAMHAUS_XBL');
  await expect(reasons).toContainText('Disguised attachment');
  await expect(reasons).toContainText('Unauthorised server (SPF)');
  await expect(reasons).not.toContainText('CUSTOM_LOCAL_RULE');
  await page.getByText('Spam filter symbols').click();
  const table = page.getByRole('table');
  await expect(table.getByRole('row', { name: /CUSTOM_LOCAL_RULE/ })).toContainText('2.00');
  await expect(table.getByRole('row', { name: /MIME_DOUBLE_BAD_EXTENSION/ })).toContainText('Disguised attachment');
  await expect(table.getByRole('row', { name: /R_DKIM_ALLOW/ })).toContainText('-0.20');
});

test('the preview frame is as tall as the message in it', async ({ page, quarantine }) => {
  const paragraphs = Array.from({ length: 60 }, (_, i) => `<p>Paragraph ${i + 1} of a long newsletter.</p>`).join('');
  const long = await quarantine({ subject: 'Long newsletter', message: htmlMail(`${paragraphs}<p>The very end.</p>`) });
  const short = await quarantine({ subject: 'Short note', message: htmlMail('<p>Just one line.</p>') });
  // The frame's inner height against the bottom of the message's last line, measured inside it.
  const heights = async () => {
    const last = page.frameLocator('[data-testid="html-preview"]').locator('p').last();
    await expect(last).toBeAttached();
    return {
      frame: await page.getByTestId('html-preview').evaluate((el) => el.clientHeight),
      content: await last.evaluate((el) => el.getBoundingClientRect().bottom + el.ownerDocument.defaultView!.scrollY),
      scrolls: await last.evaluate((el) => el.ownerDocument.documentElement.scrollHeight > el.ownerDocument.documentElement.clientHeight),
    };
  };

  await page.goto(`/quarantine/${long.id}`);
  await expect.poll(async () => (await heights()).frame).toBeGreaterThan(1500);
  const tall = await heights();
  expect(tall.scrolls).toBe(false);
  expect(tall.frame).toBeGreaterThanOrEqual(tall.content);
  expect(tall.frame).toBeLessThan(tall.content + 40);

  await page.goto(`/quarantine/${short.id}`);
  await expect.poll(async () => (await heights()).frame).toBeLessThan(150);
  const small = await heights();
  expect(small.scrolls).toBe(false);
  expect(small.frame).toBeGreaterThanOrEqual(small.content);
});

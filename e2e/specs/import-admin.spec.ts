// Issue 10: the CSV mailbox import, on a desktop (the file name puts it in the desktop project).
import { readFileSync } from 'node:fs';
import { expect, PASSWORD, test } from '../fixtures.ts';
import { AdminArea } from '../pages/AdminArea.ts';
import { SignInPage } from '../pages/SignInPage.ts';

const csv = (name: string, text: string) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });

test('an admin checks a file, fixes it, imports it with progress and downloads the result', async ({ page, world }) => {
  await new SignInPage(page).open();
  await new SignInPage(page).signIn(world.admin, PASSWORD);
  await new AdminArea(page).nav().getByRole('link', { name: 'Import' }).click();
  await expect(page.getByRole('heading', { name: 'Import mailboxes' })).toBeVisible();
  const picker = page.getByLabel('Choose a CSV file');

  // Header-less, as mailcow's bulk scripts write it, with a quota that is no number on line 2.
  await picker.setInputFiles(csv('bad.csv', `one@${world.domain},One,,100\ntwo@${world.domain},Two,,lots\n`));
  await expect(page.getByTestId('import-format')).toContainText('Header-less email,name,password,quota file');
  const rows = page.getByTestId('import-row');
  await expect(rows).toHaveCount(2);
  await expect(page.getByTestId('import-counts')).toContainText('1 with problems');
  await page.getByLabel('Only rows with problems').check();
  await expect(rows).toHaveCount(1);
  await expect(rows.first().locator('td').first()).toHaveText('2');
  await expect(rows.first()).toContainText('quota');
  await expect(page.getByRole('button', { name: 'Import', exact: true })).toBeDisabled();

  await picker.setInputFiles(csv('fixed.csv', `email,name,quota\none@${world.domain},One,100\ntwo@${world.domain},Two,200\n`));
  await expect(page.getByTestId('import-format')).toContainText('header row');
  await expect(page.getByTestId('import-counts')).toContainText('2 ready');
  // Two rows import faster than one poll: the first status read is held at "running" (from the real
  // answer's numbers) so the progress bar is seen; the polls after it get the server's own answers.
  let held = false;
  await page.route(/\/api\/admin\/mailbox-import\/[A-Za-z0-9_-]{16}$/, async (route) => {
    const real = await route.fetch();
    const body = await real.json();
    if (held || body.state === 'waiting') return route.fulfill({ response: real, json: body });
    held = true;
    return route.fulfill({ response: real, json: { ...body, state: 'running', done: 1, total: 2 } });
  });
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page).toHaveURL(/[?&]job=/);
  await expect(page.getByRole('progressbar', { name: 'Imported 1 of 2 rows' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Import finished' })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('import-outcome')).toContainText('Created2');
  await expect(page.getByText('only the first time you download it')).toBeVisible();

  // A reload finds the same import by the id in the URL.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Import finished' })).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download result' }).click()]);
  const lines = readFileSync(await download.path(), 'utf8').trim().split('\n');
  expect(lines[0]).toBe('line,address,status,message,generated_password');
  expect(lines.slice(1).map((l) => l.split(','))).toEqual([
    ['2', `one@${world.domain}`, 'created', '', expect.stringMatching(/.{16,}/)],
    ['3', `two@${world.domain}`, 'created', '', expect.stringMatching(/.{16,}/)],
  ]);
});

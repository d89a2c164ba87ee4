import { expect, PASSWORD, test } from '../fixtures.ts';
import { SignInPage } from '../pages/SignInPage.ts';

test.beforeEach(async ({ page, world }) => {
  await page.goto('/sign-in');
  await new SignInPage(page).signIn(world.user, PASSWORD);
  await expect(page.getByTestId('home-address')).toBeVisible();
});

test('home shows the quarantine: how many to review, the newest, and a badge on the tab', async ({ page, quarantine }) => {
  const tab = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Quarantine/ });
  const card = page.getByRole('region', { name: 'Quarantine' });
  await expect(card).toContainText('Nothing in quarantine. Good.');
  await expect(page.getByTestId('quarantine-badge')).toBeHidden();

  const ids: number[] = [];
  for (const n of [1, 2, 3, 4]) ids.push((await quarantine({ subject: `Invoice ${n}`, sender: `billing${n}@spam.example` })).id);
  await page.reload();
  await expect(card.getByTestId('home-quarantine-count')).toHaveText('4 messages to review');
  await expect(page.getByTestId('quarantine-badge')).toHaveText('4');
  await expect(tab).toHaveAccessibleName('Quarantine (4 to review)');
  const newest = card.getByRole('list', { name: 'Newest in quarantine' }).getByRole('link');
  await expect(newest).toHaveCount(3);
  await expect(newest.nth(0)).toContainText('Invoice 4');
  await expect(newest.nth(2)).toContainText('Invoice 2');
  // The other side's words are isolated, so their direction cannot reorder the row around them.
  await expect(newest.nth(0).locator('bdi[dir="auto"]')).toHaveText(['billing4@spam.example', 'Invoice 4']);

  await newest.nth(0).click();
  await expect(page).toHaveURL(new RegExp(`/quarantine/${ids[3]}$`));
  await expect(page.getByRole('heading', { name: 'Invoice 4' })).toBeVisible();
  // Opening an item reviews it: the tab and home follow without a reload.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home' }).click();
  await expect(card.getByTestId('home-quarantine-count')).toHaveText('3 messages to review');
  await expect(page.getByTestId('quarantine-badge')).toHaveText('3');

  await card.getByRole('link', { name: 'Open quarantine' }).click();
  await expect(page).toHaveURL(/\/quarantine$/);
  await expect(tab).toHaveAttribute('aria-current', 'page');
});

test('in German, the card counts in German', async ({ page, quarantine }) => {
  await quarantine({ subject: 'Rechnung' });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('Language').selectOption('de');
  await page.getByRole('navigation', { name: 'Hauptmenü' }).getByRole('link', { name: 'Start' }).click();
  await expect(page.getByRole('region', { name: 'Quarantäne' }).getByTestId('home-quarantine-count')).toHaveText('1 Nachricht zu prüfen');
  await expect(page.getByRole('navigation', { name: 'Hauptmenü' }).getByRole('link', { name: /^Quarantäne/ })).toHaveAccessibleName('Quarantäne (1 zu prüfen)');
});

// The admin's quarantine settings page writes mailcow's keys as mailcow does. The keys are global: the
// spec changes only the digest's subject and the age, and puts both back.
import { expect, PASSWORD, test } from '../fixtures.ts';
import { SignInPage } from '../pages/SignInPage.ts';

test('an admin changes the quarantine settings, with mailcow\'s rules and every field explained', async ({ page, world, deps }) => {
  const before = await deps.redis.mget('Q_SUBJ', 'Q_MAX_AGE');
  try {
    await page.goto('/sign-in');
    await new SignInPage(page).signIn(world.admin, PASSWORD);
    await expect(page.getByTestId('admin-counts')).toBeVisible();
    await page.goto('/admin/quarantine-settings');
    await expect(page.getByText('0 switches the quarantine off: it does not mean unlimited.')).toBeVisible();
    await page.getByLabel('Maximum age (days)').fill('0');
    await page.getByLabel('Subject').fill('Your quarantine');
    await page.getByLabel('Sender').fill('not an address');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByLabel('Sender')).toHaveAttribute('aria-invalid', 'true');
    await page.getByLabel('Sender').fill('');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByTestId('saved')).toBeVisible();
    expect(await deps.redis.mget('Q_SUBJ', 'Q_MAX_AGE', 'Q_SENDER')).toEqual(['Your quarantine', '365', '']);
    await expect(page.getByLabel('Maximum age (days)')).toHaveValue('365');
  } finally {
    await deps.redis.mset({ Q_SUBJ: before[0] ?? '', Q_MAX_AGE: before[1] ?? '365' });
  }
});

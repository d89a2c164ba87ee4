import { expect, PASSWORD, test } from '../fixtures.ts';
import { SignInPage } from '../pages/SignInPage.ts';

// The app's pages carry a strict CSP (no inline script); every screen, the sandboxed message preview
// included, must work under it without a single violation.
test('every screen runs under the CSP without a violation', async ({ page, world, quarantine }) => {
  const violations: string[] = [];
  page.on('console', (m) => { if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text()); });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`Refused to load: ${e.violatedDirective} ${e.blockedURI}`));
  });
  const response = await page.goto('/sign-in');
  expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self'(;|$)/);
  expect(response?.headers()['cross-origin-opener-policy']).toBe('same-origin');
  await new SignInPage(page).signIn(world.user, PASSWORD);
  await expect(page.getByTestId('home-address')).toBeVisible();
  const item = await quarantine({ file: 'hostile-html.eml', subject: 'Invoice' });
  await page.goto(`/quarantine/${item.id}`);
  await expect(page.frameLocator('[data-testid="html-preview"]').getByText('is ready.')).toBeVisible();
  for (const path of ['/', '/quarantine', '/settings', '/aliases', '/aliases/new', '/identities', '/security', '/app-passwords']) {
    await page.goto(path);
    await page.waitForLoadState('networkidle');
  }
  expect(violations).toEqual([]);
});

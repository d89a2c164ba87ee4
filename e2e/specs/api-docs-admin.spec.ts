import { expect, test } from '../fixtures.ts';

// Cowbell's own API, described from its routes, in Swagger UI: it renders under the app's CSP and
// its "Try it out" really calls the API.
test('the API page lists the routes and tries one out, without a CSP violation', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (m) => { if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text()); });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`Refused to load: ${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto('/api/docs');
  await expect(page.getByRole('heading', { name: /Cowbell API/ })).toBeVisible();
  const health = page.locator('#operations-default-getApiHealth, .opblock').filter({ hasText: '/api/health' }).first();
  await health.locator('.opblock-summary').click();
  await health.getByRole('button', { name: 'Try it out' }).click();
  await health.getByRole('button', { name: 'Execute' }).click();
  const live = health.locator('.live-responses-table .response');
  await expect(live.locator('.response-col_status')).toContainText('200');
  await expect(live.locator('.highlight-code').first()).toContainText('"ok"');
  expect(violations).toEqual([]);
});

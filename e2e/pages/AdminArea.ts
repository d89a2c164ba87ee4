import { expect, type Page } from '@playwright/test';
import { SignInPage } from './SignInPage.ts';

/** The admin area: its navigation, account menu and quarantine list. */
export class AdminArea {
  constructor(private readonly page: Page) {}

  /** Signs in as an admin or domain admin (landing on the overview), then goes to `path`. */
  async signInTo(who: string, password: string, path: string) {
    await new SignInPage(this.page).open();
    await new SignInPage(this.page).signIn(who, password);
    await expect(this.page).toHaveURL(/\/admin$/);
    await this.page.goto(path);
  }

  nav() {
    return this.page.getByRole('navigation', { name: 'Administration' });
  }

  async signOut() {
    await this.page.getByTestId('account-menu').click();
    await this.page.getByRole('button', { name: 'Sign out' }).click();
    await expect(this.page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  }

  rows() {
    return this.page.getByTestId('admin-q-row');
  }

  row(subject: string) {
    return this.rows().filter({ hasText: subject });
  }

  /** The page is no wider than the viewport: nothing scrolls sideways. */
  async expectNoSidewaysScroll() {
    const [scroll, client] = await this.page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    expect(scroll).toBeLessThanOrEqual(client);
  }
}

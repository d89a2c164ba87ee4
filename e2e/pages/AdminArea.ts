import { expect, type Page } from '@playwright/test';

/** The admin area: its navigation, account menu and quarantine list. */
export class AdminArea {
  constructor(private readonly page: Page) {}

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

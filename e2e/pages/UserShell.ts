import { expect, type Page } from '@playwright/test';

export class UserShell {
  constructor(private readonly page: Page) {}

  async expectHome(address: string) {
    await expect(this.page.getByTestId('home-address')).toHaveText(address);
  }

  nav() {
    return this.page.getByRole('navigation');
  }

  async openSettings(label = 'Settings') {
    await this.nav().getByRole('link', { name: label }).click();
  }

  async signOut(label = 'Sign out') {
    await this.page.getByRole('button', { name: label }).click();
  }
}

import type { Page } from '@playwright/test';

/** The aliases pages: the new alias's showcase and the lists. */
export class AliasesArea {
  constructor(private readonly page: Page) {}

  newAddress() {
    return this.page.getByTestId('new-alias-address');
  }

  row(address: string) {
    return this.page.getByTestId('time-limited-alias').filter({ hasText: address });
  }

  async choose(address: string, action: string) {
    await this.row(address).getByRole('button', { name: 'More' }).click();
    await this.row(address).getByRole('menuitem', { name: action }).click();
  }

  clipboard() {
    return this.page.evaluate(() => navigator.clipboard.readText());
  }
}

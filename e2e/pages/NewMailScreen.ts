import { expect, type Page } from '@playwright/test';

type List = 'vip' | 'muted' | 'folders';

/** Settings → New mail notifications, found as a user finds it. */
export class NewMailScreen {
  constructor(private readonly page: Page) {}

  async open() {
    await this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await this.page.getByTestId('new-mail-link').getByRole('link', { name: 'New mail notifications' }).click();
    await expect(this.page.getByRole('heading', { level: 1, name: 'New mail notifications' })).toBeVisible();
  }

  list(name: List) {
    return this.page.getByTestId(`new-mail-${name}`);
  }

  /** The entries of a list as shown, in order. */
  entries(name: List) {
    return this.list(name).getByRole('listitem').locator('bdi');
  }

  async add(name: List, label: string, text: string) {
    await this.list(name).getByRole('textbox', { name: label }).fill(text);
    await this.list(name).getByRole('button', { name: 'Add', exact: true }).click();
  }

  deviceSwitch() {
    return this.page.getByTestId('new-mail-device').getByRole('checkbox', { name: 'New mail on this device' });
  }

  quiet() {
    return this.page.getByTestId('quiet-hours');
  }

  async save() {
    await this.page.getByRole('button', { name: 'Save', exact: true }).click();
  }
}

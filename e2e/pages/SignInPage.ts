import { expect, type Browser, type BrowserContextOptions, type Page } from '@playwright/test';

export class SignInPage {
  constructor(private readonly page: Page, private readonly lang: 'en' | 'de' = 'en') {}

  private get labels() {
    return this.lang === 'de'
      ? { username: 'E-Mail-Adresse oder Admin-Name', password: 'Passwort', submit: 'Anmelden' }
      : { username: 'E-mail address or admin name', password: 'Password', submit: 'Sign in' };
  }

  async open() {
    await this.page.goto('/sign-in');
    await expect(this.page.getByRole('heading', { name: this.labels.submit })).toBeVisible();
  }

  async signIn(username: string, password: string) {
    await this.page.getByLabel(this.labels.username).fill(username);
    await this.page.getByLabel(this.labels.password).fill(password);
    await this.page.getByRole('button', { name: this.labels.submit, exact: true }).click();
  }

  error() {
    return this.page.getByTestId('sign-in-error');
  }
}

/**
 * The same user signed in on this page and on a second device (its own browser context, same
 * project settings), both at home. The caller closes the returned context.
 */
export async function signedInOnTwoDevices(page: Page, browser: Browser, use: BrowserContextOptions, username: string, password: string) {
  const otherContext = await browser.newContext(use);
  const other = await otherContext.newPage();
  for (const p of [other, page]) {
    await p.goto('/sign-in');
    await new SignInPage(p).signIn(username, password);
    await expect(p.getByTestId('home-address')).toBeVisible();
  }
  return { other, otherContext };
}

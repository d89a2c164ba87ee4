import { expect, type Page } from '@playwright/test';

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

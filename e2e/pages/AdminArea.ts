import { expect, type Page } from '@playwright/test';
import { SignInPage } from './SignInPage.ts';

/** The admin area: its navigation, account menu and quarantine list. */
export class AdminArea {
  constructor(private readonly page: Page) {}

  /** Signs in (landing on the overview) and opens `path`. */
  async openAs(who: string, password: string, path: string) {
    await new SignInPage(this.page).open();
    await new SignInPage(this.page).signIn(who, password);
    await expect(this.page).toHaveURL(/\/admin$/);
    await this.page.goto(path);
  }

  /** The status of a JSON call straight at the API with the page's session, as a script would make it. */
  apiStatus(method: string, path: string, body: unknown): Promise<number> {
    return this.page.evaluate(async ([m, p, b]) => {
      const csrf = /(?:^|; )[^=]*cowbell_csrf=([^;]*)/.exec(document.cookie)?.[1] ?? '';
      const res = await fetch(p, { method: m, headers: { 'content-type': 'application/json', 'x-csrf-token': decodeURIComponent(csrf) }, body: JSON.stringify(b) });
      return res.status;
    }, [method, path, body] as const);
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

import type { Locator, Page } from '@playwright/test';

/**
 * Page time stands still from here on (timers run only when the test moves the clock), so an Undo
 * toast's few seconds pass exactly when the test says. Call before the first navigation.
 */
export async function holdClock(page: Page) {
  const now = Date.now();
  await page.clock.install({ time: now });
  await page.clock.pauseAt(now + 1_000);
}

/** The quarantine list and detail screens, in the words a user sees. */
export class QuarantineScreens {
  constructor(private readonly page: Page) {}

  list() {
    return this.page.getByRole('list', { name: 'Quarantine' });
  }

  row(text: string | RegExp) {
    return this.list().getByRole('listitem').filter({ hasText: text });
  }

  bulkBar(n: number) {
    return this.page.getByRole('toolbar', { name: `Actions for ${n} selected` });
  }

  itemBar() {
    return this.page.getByRole('toolbar', { name: 'Actions for this message' });
  }

  toast(text: string | RegExp) {
    return this.page.getByTestId('toast').filter({ hasText: text });
  }

  /** Picks an action from the "More" menu of the bar on screen, with a finger. */
  async more(action: string) {
    await this.page.getByRole('button', { name: 'More' }).tap();
    await this.page.getByRole('menu', { name: 'More' }).getByRole('menuitem', { name: action }).tap();
  }

  /** A finger swipe across a row (touch events, as on a phone), over `fraction` of its width. */
  async swipe(row: Locator, direction: 'left' | 'right', fraction = 0.6) {
    const box = (await row.boundingBox())!;
    const y = box.y + box.height / 2;
    const from = direction === 'left' ? box.x + box.width * 0.85 : box.x + box.width * 0.15;
    const to = from + (direction === 'left' ? -1 : 1) * box.width * fraction;
    const cdp = await this.page.context().newCDPSession(this.page);
    // Event times 30 ms apart, and the finger at rest before it lifts: a swipe, not a fling (Chrome
    // would otherwise let the fling swallow the next tap).
    const t0 = Date.now() / 1000;
    const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', x: number | null, step: number) => cdp.send('Input.dispatchTouchEvent',
      { type, touchPoints: x === null ? [] : [{ x, y }], timestamp: t0 + step * 0.03 });
    await touch('touchStart', from, 0);
    for (let i = 1; i <= 8; i++) await touch('touchMove', from + ((to - from) * i) / 8, i);
    await touch('touchMove', to, 18);
    await touch('touchEnd', null, 19);
    await cdp.detach();
  }
}

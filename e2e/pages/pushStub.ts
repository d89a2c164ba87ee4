import { createECDH, randomBytes } from 'node:crypto';
import type { BrowserContext, Page } from '@playwright/test';
import { E2E_PUSH_PORT, ORIGIN } from '../../playwright.config.ts';

/**
 * Headless Chromium cannot complete a real push subscription: grant notifications and hand the page
 * one with real keys that points at the local push sink, as PushManager.subscribe() would.
 */
export async function stubPushService(context: BrowserContext, page: Page, origin = ORIGIN) {
  await context.grantPermissions(['notifications'], { origin });
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const keys = { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') };
  await page.addInitScript(({ endpoint, keys }) => {
    let current: PushSubscription | null = null;
    PushManager.prototype.subscribe = async function () {
      current = { endpoint, toJSON: () => ({ endpoint, keys }), unsubscribe: async () => { current = null; return true; } } as unknown as PushSubscription;
      return current;
    };
    PushManager.prototype.getSubscription = async function () { return current; };
  }, { endpoint: `http://127.0.0.1:${E2E_PUSH_PORT}/push/e2e`, keys });
}

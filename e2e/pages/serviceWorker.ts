import { expect, type BrowserContext, type Page } from '@playwright/test';
import { ORIGIN } from '../../playwright.config.ts';

/** A shown notification, with its buttons' titles. */
interface Shown { title: string; body: string; tag: string; actions: string[] }

/** The parts of a service worker's global scope used below (the e2e types have no WebWorker lib). */
interface WorkerScope {
  registration: { getNotifications(filter: { tag: string }): Promise<Notification[]> };
  dispatchEvent(event: Event): boolean;
  NotificationEvent: new (type: string, init: { notification: Notification; action: string }) => Event;
}

/**
 * The app's service worker driven as a push service and a notification tray would: a push is
 * delivered through CDP (headless Chromium cannot make a real subscription), and a notification's
 * button is tapped by dispatching notificationclick inside the worker (there is no tray to click).
 */
export class ServiceWorkerDriver {
  private constructor(private readonly page: Page, private readonly context: BrowserContext,
    private readonly deliver: (data: string) => Promise<unknown>, private readonly origin: string) {}

  /** `scope`: where the app is served (its service worker's scope). */
  static async attach(context: BrowserContext, page: Page, scope = `${ORIGIN}/`): Promise<ServiceWorkerDriver> {
    const origin = new URL(scope).origin;
    const cdp = await context.newCDPSession(page);
    const registrations: { registrationId: string; scopeURL: string; isDeleted: boolean }[] = [];
    cdp.on('ServiceWorker.workerRegistrationUpdated', (e) => registrations.push(...e.registrations));
    await cdp.send('ServiceWorker.enable');
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    const ours = () => registrations.find((r) => r.scopeURL === scope && !r.isDeleted);
    await expect.poll(ours).toBeTruthy();
    const { registrationId } = ours()!;
    return new ServiceWorkerDriver(page, context, (data) => cdp.send('ServiceWorker.deliverPushMessage', { origin, registrationId, data }), origin);
  }

  push(payload: unknown): Promise<unknown> {
    return this.deliver(JSON.stringify(payload));
  }

  /** What the worker shows right now. */
  shown(): Promise<Shown[]> {
    return this.page.evaluate(async () => (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => ({
      title: n.title, body: n.body, tag: n.tag, actions: (n as Notification & { actions: { title: string }[] }).actions.map((a) => a.title) })));
  }

  /** Taps the button `action` of the notification tagged `tag`. */
  async tap(tag: string, action: string): Promise<void> {
    const worker = this.context.serviceWorkers().find((w) => w.url().startsWith(this.origin));
    if (!worker) throw new Error('The service worker is not running.');
    await worker.evaluate(async ({ tag, action }) => {
      const scope = self as unknown as WorkerScope;
      const [notification] = await scope.registration.getNotifications({ tag });
      if (!notification) throw new Error(`No notification is tagged ${tag}.`);
      // A synthetic event cannot be extended (its waitUntil throws); the handler runs all the same.
      scope.dispatchEvent(new scope.NotificationEvent('notificationclick', { notification, action }));
    }, { tag, action });
  }
}

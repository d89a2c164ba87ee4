/// <reference lib="webworker" />
// Push and notification handlers. Kept thin: show what the server composed, run a button's action
// with its single-use token, open the app where the notification points.
import type { PushPayload } from '../../server/features/push/push.schema.ts';

declare const self: ServiceWorkerGlobalScope;

interface NotificationData {
  url: string;
  actions: PushPayload['actions'];
}

function parse(data: PushMessageData | null): PushPayload {
  try {
    return data?.json() as PushPayload;
  } catch {
    return { kind: 'test', title: 'Cowbell', body: data?.text() ?? '', url: '/', badge: -1, tag: 'cowbell', actions: [] };
  }
}

async function setBadge(count: number): Promise<void> {
  const nav = self.navigator as WorkerNavigator & { setAppBadge?: (n?: number) => Promise<void>; clearAppBadge?: () => Promise<void> };
  if (count < 0 || !nav.setAppBadge) return;
  await (count > 0 ? nav.setAppBadge(count) : nav.clearAppBadge?.());
}

async function tellPages(message: unknown): Promise<void> {
  for (const client of await self.clients.matchAll({ type: 'window', includeUncontrolled: true })) client.postMessage(message);
}

export async function onPush(event: PushEvent): Promise<void> {
  const payload = parse(event.data);
  const data: NotificationData = { url: payload.url, actions: payload.actions };
  await self.registration.showNotification(payload.title, {
    body: payload.body, tag: payload.tag, data, icon: '/icons/icon-192.png',
    // `actions` is not in every TypeScript DOM lib yet; browsers without it ignore it.
    ...({ actions: payload.actions.map((a) => ({ action: a.action, title: a.title })) } as NotificationOptions),
  });
  await setBadge(payload.badge);
  await tellPages({ type: 'push', payload });
}

export async function onNotificationClick(event: NotificationEvent): Promise<void> {
  const data = event.notification.data as NotificationData | undefined;
  event.notification.close();
  const button = data?.actions.find((a) => a.action === event.action);
  if (button) {
    const res = await fetch('/push-actions', { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: button.token, action: button.action }) });
    await tellPages({ type: 'push-action', action: button.action, ok: res.ok });
    return;
  }
  const url = data?.url ?? '/';
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const open = windows[0] as WindowClient | undefined;
  if (open) {
    await open.focus();
    await open.navigate(url).catch(() => undefined);
  } else {
    await self.clients.openWindow(url);
  }
}

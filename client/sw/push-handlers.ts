/// <reference lib="webworker" />
// Push and notification handlers. Kept thin: show what the server composed, run a button's action
// with its single-use token, open the app where the notification points.
import type { PushActionResult, PushNotice, PushPayload } from '../../server/features/push/push.schema.ts';
import { tapTarget } from './tap-target.ts';

declare const self: ServiceWorkerGlobalScope;

interface NotificationData {
  url: string;
  actions: PushPayload['actions'];
}

function parse(data: PushMessageData | null): PushPayload {
  try {
    return data?.json() as PushPayload;
  } catch {
    return { kind: 'test', title: 'Cowbell', body: data?.text() ?? '', url: self.registration.scope, badge: -1, tag: 'cowbell', actions: [] };
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

/** `alert`: a notification that replaces one under the same tag still sounds and vibrates (new mail). */
function show(title: string, body: string, tag: string, data: NotificationData, alert = false): Promise<void> {
  return self.registration.showNotification(title, {
    // Relative to this script: the app may be served under a path (BASE_PATH).
    body, tag, data, icon: 'icons/icon-192.png',
    // `actions` and `renotify` are not in every TypeScript DOM lib yet; browsers without them ignore them.
    ...({ actions: data.actions.map((a) => ({ action: a.action, title: a.title })), renotify: alert } as NotificationOptions),
  });
}

interface ActionOutcome {
  /** 'failed' can be tried again with the same token (the server spends it only on success). */
  outcome: 'done' | 'failed' | 'refused';
  /** What to show instead of the tapped notification, when the server worded it (alias reminders, mutes). */
  notice?: PushNotice;
  /** The address the action was about (a muted sender), for an open settings page to show. */
  address?: string;
}

async function runAction(button: PushPayload['actions'][number]): Promise<ActionOutcome> {
  try {
    const res = await fetch('push-actions', { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: button.token, action: button.action }) });
    if (!res.ok) return { outcome: res.status >= 500 ? 'failed' : 'refused' };
    const result = (await res.json()) as PushActionResult;
    const notice = 'notice' in result ? result.notice : undefined;
    const address = 'address' in result ? result.address : undefined;
    // A worded refusal (the alias expired or is gone) cannot turn out differently on a second try.
    return { outcome: result.ok ? 'done' : notice || result.error === 'not_found' ? 'refused' : 'failed', notice, address };
  } catch {
    return { outcome: 'failed' };
  }
}

export async function onPush(event: PushEvent): Promise<void> {
  const payload = parse(event.data);
  // New mail is coalesced under one tag by the server: each update is news, so it alerts again.
  await show(payload.title, payload.body, payload.tag, { url: payload.url, actions: payload.actions }, payload.kind === 'new_mail');
  await setBadge(payload.badge);
  await tellPages({ type: 'push', payload });
}

export async function onNotificationClick(event: NotificationEvent): Promise<void> {
  const data = event.notification.data as NotificationData | undefined;
  const button = data?.actions.find((a) => a.action === event.action);
  if (data && button) {
    const { outcome, notice, address } = await runAction(button);
    // Replaced or closed only once the answer is in: a close still on its way to the browser would
    // also close a replacement shown under the same tag.
    // The server said what happened: that replaces the notification (tapping it opens the same page).
    if (notice) await show(notice.title, notice.body, event.notification.tag, { url: data.url, actions: [] });
    // The action did not happen (e.g. the mail server was down): the notification stays, so its
    // buttons can be tried again.
    else if (outcome !== 'failed') event.notification.close();
    await tellPages({ type: 'push-action', action: button.action, ok: outcome === 'done', address });
    return;
  }
  event.notification.close();
  const { url, inApp } = tapTarget(data?.url, self.registration.scope);
  // Outside the app (the webmail at the message): a window of its own, the app stays where it was.
  if (!inApp) {
    await self.clients.openWindow(url);
    return;
  }
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const open = windows[0] as WindowClient | undefined;
  if (open) {
    await open.focus();
    await open.navigate(url).catch(() => undefined);
  } else {
    await self.clients.openWindow(url);
  }
}

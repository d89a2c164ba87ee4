// What the installed app's badge counts on this device. Where new mail is pushed, its pushes set the
// badge to the Inbox's unseen count, as a mail app's would; the quarantine count would overwrite it
// each time the app opens, so there the quarantine leaves the badge alone (the tab keeps its count).
import { api, call } from './api.ts';
import { deviceId } from './device-id.ts';

export type BadgeSource = 'quarantine' | 'inbox';
const KEY = 'cowbell.badgeSource';

// Storage may be missing (private modes that block it, tests outside a browser): then the quarantine counts.
const storage = (): Storage | undefined => globalThis.localStorage;

export const badgeSource = (): BadgeSource => (storage()?.getItem(KEY) === 'inbox' ? 'inbox' : 'quarantine');

export function setBadgeSource(source: BadgeSource): void {
  if (source === 'inbox') storage()?.setItem(KEY, 'inbox');
  else storage()?.removeItem(KEY);
}

/**
 * Once per app start, where notifications are allowed at all: whether this device takes new-mail
 * pushes (it may have been switched from another device's list) decides what the badge counts.
 */
export async function learnBadgeSource(): Promise<void> {
  if (!('Notification' in globalThis) || Notification.permission !== 'granted') return;
  try {
    const { devices } = await call(api.push.devices.$get());
    setBadgeSource(devices.find((d) => d.deviceId === deviceId())?.newMail ? 'inbox' : 'quarantine');
  } catch {
    // Offline or signed out: the badge keeps what it counted last time.
  }
}

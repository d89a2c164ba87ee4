// What the installed app's badge counts on this device. Where new mail is pushed, its pushes set the
// badge to the Inbox's unseen count, as a mail app's would; the quarantine count would overwrite it
// each time the app opens, so there the quarantine leaves the badge alone (the tab keeps its count).
export type BadgeSource = 'quarantine' | 'inbox';
const KEY = 'cowbell.badgeSource';

// Storage may be missing (private modes that block it, tests outside a browser): then the quarantine counts.
const storage = (): Storage | undefined => globalThis.localStorage;

export const badgeSource = (): BadgeSource => (storage()?.getItem(KEY) === 'inbox' ? 'inbox' : 'quarantine');

export function setBadgeSource(source: BadgeSource): void {
  if (source === 'inbox') storage()?.setItem(KEY, 'inbox');
  else storage()?.removeItem(KEY);
}

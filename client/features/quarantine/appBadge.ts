// The home-screen badge shows unreviewed quarantine items where the platform has badges, unless this
// device takes new-mail pushes (then it is the Inbox's unseen count: lib/badge-source.ts).
import { badgeSource } from '../../lib/badge-source.ts';

type BadgeNavigator = Navigator & { setAppBadge?: (n?: number) => Promise<void>; clearAppBadge?: () => Promise<void> };

export function showAppBadge(count: number | null): void {
  const nav = navigator as BadgeNavigator;
  if (count === null || !nav.setAppBadge || badgeSource() === 'inbox') return;
  void (count > 0 ? nav.setAppBadge(count) : nav.clearAppBadge?.())?.catch(() => undefined);
}

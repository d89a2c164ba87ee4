// The home-screen badge shows unreviewed quarantine items where the platform has badges.
type BadgeNavigator = Navigator & { setAppBadge?: (n?: number) => Promise<void>; clearAppBadge?: () => Promise<void> };

export function showAppBadge(count: number | null): void {
  const nav = navigator as BadgeNavigator;
  if (count === null || !nav.setAppBadge) return;
  void (count > 0 ? nav.setAppBadge(count) : nav.clearAppBadge?.())?.catch(() => undefined);
}

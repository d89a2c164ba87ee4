// The user's unreviewed quarantine count and newest items: shared by the bottom navigation's badge,
// the home card and the quarantine pages (which call refreshQuarantineBadge() after they act), and
// mirrored on the installed app's badge.
import { defineStore } from 'pinia';
import { ref, shallowRef, watch } from 'vue';
import type { QuarantineListItem } from '../../server/features/quarantine/quarantine.schema.ts';
import { showAppBadge } from '../features/quarantine/appBadge.ts';
import { api, call } from '../lib/api.ts';
import { useSessionStore } from './session.ts';

/** How many of the newest items the home card shows. */
export const NEWEST_COUNT = 3;

export const useQuarantineBadgeStore = defineStore('quarantineBadge', () => {
  const unreviewed = ref<number | null>(null);
  const newest = shallowRef<QuarantineListItem[]>([]);
  const loaded = ref(false);
  const pending = ref(false);
  const error = shallowRef<unknown>(null);
  let latest = 0;
  watch(unreviewed, (n) => showAppBadge(n));

  /** Each refresh asks anew (one asked after an action must see it); only the last one asked is kept. */
  async function refresh(): Promise<void> {
    if (useSessionStore().active?.role !== 'user') return;
    const mine = ++latest;
    pending.value = true;
    try {
      const page = await call(api.quarantine.$get({ query: { limit: String(NEWEST_COUNT) } }));
      if (mine !== latest) return;
      newest.value = page.items;
      unreviewed.value = page.unreviewed;
      error.value = null;
      loaded.value = true;
    } catch (e) {
      if (mine === latest) error.value = e;
    } finally {
      if (mine === latest) pending.value = false;
    }
  }

  return { unreviewed, newest, loaded, pending, error, refresh };
});

/**
 * Brings the tab badge, the home card and the app badge up to date. Quarantine screens call it after
 * an action changed what is unreviewed (release, delete, learn, opening an item); safe to call
 * often, from anywhere after the app has started, and a no-op for admins.
 */
export function refreshQuarantineBadge(): Promise<void> {
  return useQuarantineBadgeStore().refresh();
}

// The announcement every screen shows, the sign-in screen included: fetched from the public endpoint
// when the app starts and whenever someone signs in or out. Dismissing it hides this version on this
// device; a changed text or type shows again. The banner's own code loads only when there is one.
import { shallowRef, watch } from 'vue';
import type { AnnouncementView } from '../../../server/features/announcements/announcement.schema.ts';
import { api, call } from '../../lib/api.ts';

export type ShownAnnouncement = Extract<AnnouncementView, { active: true }>;
const DISMISSED = 'cowbell.announcement.dismissed';

export function useAnnouncement(signedIn: () => boolean) {
  const current = shallowRef<ShownAnnouncement | null>(null);
  async function load() {
    try {
      const a = await call(api.announcement.$get());
      current.value = a.active && localStorage.getItem(DISMISSED) !== a.id ? a : null;
    } catch {
      current.value = null;
    }
  }
  function dismiss() {
    if (current.value) localStorage.setItem(DISMISSED, current.value.id);
    current.value = null;
  }
  watch(signedIn, () => void load(), { immediate: true });
  return { current, dismiss };
}

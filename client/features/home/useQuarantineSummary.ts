// The home card's view of the quarantine: the shared badge store's count and newest items (the user
// shell keeps them fresh; see user-shell/useQuarantineBadgeSync.ts).
import { storeToRefs } from 'pinia';
import { useQuarantineBadgeStore } from '../../stores/quarantineBadge.ts';

export function useQuarantineSummary() {
  const store = useQuarantineBadgeStore();
  const { unreviewed, newest, loaded, pending, error } = storeToRefs(store);
  return { unreviewed, items: newest, loaded, pending, error, reload: store.refresh };
}

// Keeps the quarantine badge in step without each screen asking: when the shell opens, on the way
// home, on leaving a quarantine screen (an item opened or acted on), and when the app comes back to
// the foreground (a push may have announced new mail). Screens that change the count in place call
// refreshQuarantineBadge() themselves.
import { onBeforeUnmount, onMounted, watch } from 'vue';
import { useRoute } from 'vue-router';
import { learnBadgeSource } from '../../lib/badge-source.ts';
import { useQuarantineBadgeStore } from '../../stores/quarantineBadge.ts';

const isQuarantine = (name: unknown) => typeof name === 'string' && name.startsWith('quarantine');

export function useQuarantineBadgeSync() {
  const store = useQuarantineBadgeStore();
  const route = useRoute();
  watch(() => route.name, (to, from) => {
    if (from === undefined || to === 'home' || isQuarantine(from)) void store.refresh();
  }, { immediate: true });
  const onVisible = () => { if (document.visibilityState === 'visible') void store.refresh(); };
  onMounted(() => {
    document.addEventListener('visibilitychange', onVisible);
    void learnBadgeSource();
  });
  onBeforeUnmount(() => document.removeEventListener('visibilitychange', onVisible));
}

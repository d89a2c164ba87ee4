// Prompt-to-update: a new service worker waits until the user chooses to reload, so the app is never
// swapped under someone who is typing.
import { useRegisterSW } from 'virtual:pwa-register/vue';

export function useAppUpdate() {
  const { needRefresh, updateServiceWorker } = useRegisterSW({ immediate: true });
  return {
    needRefresh,
    reload: () => updateServiceWorker(true),
    dismiss: () => { needRefresh.value = false; },
  };
}

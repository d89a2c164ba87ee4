// Prompt-to-update: a new service worker waits until the user chooses to reload, so the app is never
// swapped under someone who is typing.
import { useRegisterSW } from 'virtual:pwa-register/vue';

export function useAppUpdate() {
  const { needRefresh, updateServiceWorker } = useRegisterSW({ immediate: true });
  return {
    needRefresh,
    async reload() {
      // workbox-window reloads only for updates it found itself; the browser's own update checks
      // count as "external". Reload on the controller change either way.
      navigator.serviceWorker.addEventListener('controllerchange', () => window.location.reload(), { once: true });
      await updateServiceWorker(true);
    },
    dismiss: () => { needRefresh.value = false; },
  };
}

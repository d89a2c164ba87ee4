// Prompt-to-update: a new service worker waits until the user chooses to reload, so the app is never
// swapped under someone who is typing.
import { ref } from 'vue';
import { appBase } from '../lib/base-path.ts';

export function useAppUpdate() {
  const needRefresh = ref(false);
  let skipWaiting: (() => void) | undefined;
  async function register() {
    const { Workbox } = await import('workbox-window');
    // The worker's URL absolute, under the app's base: workbox-window tells its own worker from one
    // the browser found by itself by comparing URLs read against the page's address, not <base>.
    const wb = new Workbox(new URL('sw.js', document.baseURI).href, { scope: appBase });
    let prompted = false;
    const prompt = () => { prompted = needRefresh.value = true; };
    // Another tab said yes: this one now runs under the new worker, so it loads the new version too.
    wb.addEventListener('controlling', (event) => { if (prompted && event.isUpdate) window.location.reload(); });
    wb.addEventListener('waiting', prompt);
    // An update the browser's own check found is "external" and announces itself only as installed.
    wb.addEventListener('installed', (event) => { if (event.isUpdate === undefined && event.isExternal) prompt(); });
    skipWaiting = () => wb.messageSkipWaiting();
    await wb.register({ immediate: true });
  }
  if ('serviceWorker' in navigator) void register().catch(() => undefined);
  return {
    needRefresh,
    reload() {
      // workbox-window reloads only for updates it found itself; the browser's own update checks
      // count as "external". Reload on the controller change either way.
      navigator.serviceWorker.addEventListener('controllerchange', () => window.location.reload(), { once: true });
      skipWaiting?.();
    },
    dismiss: () => { needRefresh.value = false; },
  };
}

// Calls `onLeave` when the user leaves the app: the tab closes or navigates away (pagehide) or the
// app goes to the background (visibilitychange). On a phone the second is often the last chance:
// a backgrounded app may be killed without another event.
import { onMounted, onUnmounted } from 'vue';

export function usePageLeave(onLeave: () => void) {
  const hidden = () => { if (document.visibilityState === 'hidden') onLeave(); };
  onMounted(() => {
    window.addEventListener('pagehide', onLeave);
    document.addEventListener('visibilitychange', hidden);
  });
  onUnmounted(() => {
    window.removeEventListener('pagehide', onLeave);
    document.removeEventListener('visibilitychange', hidden);
  });
}

// Copy to the clipboard, with a short-lived "copied" state for the button that did it. Browsers may
// refuse (no focus, no user gesture in Safari, permissions): the caller gets false and shows the text
// selectable instead of claiming it was copied.
import { onScopeDispose, ref } from 'vue';

export function useClipboard(showFor = 2000) {
  const copied = ref<string | null>(null);
  let timer: ReturnType<typeof setTimeout> | undefined;
  onScopeDispose(() => clearTimeout(timer));
  async function copy(text: string): Promise<boolean> {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      return false;
    }
    copied.value = text;
    clearTimeout(timer);
    timer = setTimeout(() => { copied.value = null; }, showFor);
    return true;
  }
  return { copied, copy };
}

// Ctrl-K (Cmd-K on a Mac) anywhere in the admin area opens the command palette. Only this listener
// is in the layout's chunk; the palette itself loads on the first press.
import { onBeforeUnmount, onMounted, ref } from 'vue';

export function usePaletteShortcut() {
  const open = ref(false);
  /** True from the first press on: the palette's chunk is loaded, and stays mounted. */
  const wanted = ref(false);
  /** Also the header's button: a phone or tablet has no Ctrl-K. */
  function show() {
    wanted.value = true;
    open.value = true;
  }
  function onKey(e: KeyboardEvent) {
    if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'k') {
      e.preventDefault();
      show();
    }
  }
  onMounted(() => document.addEventListener('keydown', onKey));
  onBeforeUnmount(() => document.removeEventListener('keydown', onKey));
  return { open, wanted, show };
}

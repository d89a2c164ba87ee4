// Keyboard use of a dense list, as desktop mail clients have it: j/k or the arrow keys move the
// focused row, Enter opens it, x checks it, "/" goes to the search. Keys typed into a field, and
// keys while a dialog is open, are left alone.
import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue';

export interface ListKeyActions {
  count: () => number;
  open: (index: number) => void;
  toggle?: (index: number) => void;
  search?: () => void;
}

const typing = (el: EventTarget | null) => el instanceof HTMLElement && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));

export function useListKeys(actions: ListKeyActions): { focused: Ref<number> } {
  const focused = ref(-1);
  const move = (by: number) => {
    const n = actions.count();
    if (n > 0) focused.value = Math.min(n - 1, Math.max(0, focused.value + by));
  };
  function onKey(e: KeyboardEvent) {
    if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target) || document.querySelector('dialog[open]')) return;
    // Enter on a focused button or link is that control's own.
    if (e.key === 'Enter' && e.target instanceof HTMLElement && e.target.closest('a, button')) return;
    const inRange = focused.value >= 0 && focused.value < actions.count();
    if (e.key === 'j' || e.key === 'ArrowDown') move(1);
    else if (e.key === 'k' || e.key === 'ArrowUp') move(-1);
    else if (e.key === 'Enter' && inRange) actions.open(focused.value);
    else if (e.key === 'x' && inRange && actions.toggle) actions.toggle(focused.value);
    else if (e.key === '/' && actions.search) actions.search();
    else return;
    e.preventDefault();
  }
  onMounted(() => document.addEventListener('keydown', onKey));
  onBeforeUnmount(() => document.removeEventListener('keydown', onKey));
  return { focused };
}

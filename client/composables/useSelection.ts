// Checked rows of a list by key: a click toggles one, shift-click sets the range from the last
// clicked row to this one (as file managers do), and "all on the page" toggles every visible row.
import { computed, shallowRef } from 'vue';

export function useSelection(keys: () => string[]) {
  const selected = shallowRef(new Set<string>());
  let anchor: string | null = null;

  function toggle(key: string, range = false) {
    const next = new Set(selected.value);
    const list = keys();
    const from = anchor === null ? -1 : list.indexOf(anchor);
    const to = list.indexOf(key);
    // The range takes the state the clicked row is switched to.
    const on = !next.has(key);
    if (range && from >= 0 && to >= 0) {
      for (const k of list.slice(Math.min(from, to), Math.max(from, to) + 1)) (on ? next.add(k) : next.delete(k));
    } else if (on) next.add(key);
    else next.delete(key);
    anchor = key;
    selected.value = next;
  }

  const allOnPage = computed(() => keys().length > 0 && keys().every((k) => selected.value.has(k)));

  function toggleAll() {
    const next = new Set(selected.value);
    const on = !allOnPage.value;
    for (const k of keys()) (on ? next.add(k) : next.delete(k));
    selected.value = next;
  }

  function clear() {
    selected.value = new Set();
    anchor = null;
  }

  return { selected, allOnPage, toggle, toggleAll, clear };
}

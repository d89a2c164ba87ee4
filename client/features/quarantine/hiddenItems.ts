// Items the user has acted on are hidden at once, on every quarantine screen: while a delete waits
// behind its Undo toast, and for good once the server has done it. Undo or a failure shows them again.
import { defineStore } from 'pinia';
import { ref } from 'vue';

export const useHiddenItemsStore = defineStore('quarantine-hidden', () => {
  const ids = ref(new Set<number>());
  function hide(list: number[]) {
    ids.value = new Set([...ids.value, ...list]);
  }
  function show(list: number[]) {
    const next = new Set(ids.value);
    list.forEach((id) => next.delete(id));
    ids.value = next;
  }
  return { ids, hide, show };
});

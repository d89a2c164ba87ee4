// One log read page by page: the filters, the rows so far, "more" while the server says there is.
// A change of filters starts again from the newest; an answer to an older filter is dropped.
import { ref, shallowRef, watch, type Ref } from 'vue';

export function useLogPages<Row, F extends object>(filters: Ref<F>, load: (filters: F, from?: number) => Promise<{ rows: Row[]; next: number | null }>) {
  const rows = shallowRef<Row[]>([]);
  const next = ref<number | null>(null);
  const pending = ref(false);
  const error = shallowRef<unknown>(null);
  let ticket = 0;
  async function fetchPage(from?: number) {
    const mine = ++ticket;
    pending.value = true;
    error.value = null;
    try {
      const page = await load({ ...filters.value }, from);
      if (mine !== ticket) return;
      rows.value = from === undefined ? page.rows : [...rows.value, ...page.rows];
      next.value = page.next;
    } catch (e) {
      if (mine === ticket) error.value = e;
    } finally {
      if (mine === ticket) pending.value = false;
    }
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  watch(filters, () => { clearTimeout(timer); timer = setTimeout(() => void fetchPage(), 250); }, { deep: true });
  void fetchPage();
  return { rows, next, pending, error, more: () => (next.value === null ? undefined : fetchPage(next.value)), reload: () => fetchPage() };
}

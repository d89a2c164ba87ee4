// Loads data for a page: { data, error, pending, reload }, with errors kept as ApiError for the funnel.
import { ref, shallowRef, type Ref } from 'vue';

export function useAsync<T>(load: () => Promise<T>) {
  const data = shallowRef<T | null>(null) as Ref<T | null>;
  const error = shallowRef<unknown>(null);
  const pending = ref(false);
  async function reload() {
    pending.value = true;
    error.value = null;
    try {
      data.value = await load();
    } catch (e) {
      error.value = e;
    } finally {
      pending.value = false;
    }
  }
  void reload();
  return { data, error, pending, reload };
}

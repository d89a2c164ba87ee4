// The state of changes a page makes: { pending, error, run }. `run(work)` clears the last error, marks
// pending, and resolves to the work's result, or to null when it failed (the error is then in `error`,
// kept as ApiError for the one funnel that words it). `busy` names what is being changed, for rows.
import { ref, shallowRef } from 'vue';

export function useMutation() {
  const pending = ref(false);
  const error = shallowRef<unknown>(null);
  const busy = ref<string | null>(null);
  async function run<T>(work: () => Promise<T>, target: string | null = null): Promise<T | null> {
    pending.value = true;
    busy.value = target;
    error.value = null;
    try {
      return await work();
    } catch (e) {
      error.value = e;
      return null;
    } finally {
      pending.value = false;
      busy.value = null;
    }
  }
  return { pending, error, busy, run };
}

// The state of changes a page makes: { pending, error, run }. `run(work)` clears the last error, marks
// pending, and resolves to the work's result, or to null when it failed (the error is then in `error`,
// kept as ApiError for the one funnel that words it). `busy` names what is being changed, for rows.
// A step_up_required answer has the user confirm who they are first (lib/step-up.ts).
import { ref, shallowRef } from 'vue';
import { withStepUp } from '../lib/step-up.ts';

export function useMutation() {
  const pending = ref(false);
  const error = shallowRef<unknown>(null);
  const busy = ref<string | null>(null);
  async function run<T>(work: () => Promise<T>, target: string | null = null): Promise<T | null> {
    pending.value = true;
    busy.value = target;
    error.value = null;
    try {
      // A change that needs a fresh proof of identity asks for it, then runs again.
      return await withStepUp(work);
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

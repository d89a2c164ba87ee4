import { ref, shallowRef } from 'vue';
import { useMutation } from '../../composables/useMutation.ts';
import { api, call } from '../../lib/api.ts';

/** How many recovery codes are left; a new set, shown once (held here until the page is left). */
export function useRecoveryCodes() {
  const left = ref<number | null>(null);
  const fresh = shallowRef<string[] | null>(null);
  const { pending, error, run } = useMutation();
  const load = () => run(async () => { left.value = (await call(api.account['recovery-codes'].$get())).left; });
  async function generate(): Promise<void> {
    const made = await run(() => call(api.account['recovery-codes'].$post()));
    if (!made) return;
    fresh.value = made.codes;
    left.value = made.codes.length;
  }
  return { left, fresh, pending, error, load, generate };
}

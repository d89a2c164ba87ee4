// The signed-in user's Pushover settings (mailcow's pushover row): load, save, remove, and ask
// Pushover whether a key and token are good.
import { ref } from 'vue';
import type { PushoverSettingsInput, PushoverVerifyInput, PushoverVerifyResult } from '../../../server/mailcow/pushover.schema.ts';
import { useAsync } from '../../composables/useAsync.ts';
import { useMutation } from '../../composables/useMutation.ts';
import { api, call } from '../../lib/api.ts';

export function usePushoverSettings() {
  const view = useAsync(() => call(api.pushover.$get()));
  const mutation = useMutation();
  const verified = ref<PushoverVerifyResult | null>(null);

  async function save(settings: PushoverSettingsInput): Promise<boolean> {
    const saved = await mutation.run(() => call(api.pushover.$put({ json: settings })), 'save');
    if (saved) view.data.value = saved;
    return saved !== null;
  }

  async function remove(): Promise<void> {
    const done = await mutation.run(async () => { await call(api.pushover.$delete()); return true; }, 'remove');
    if (done) view.data.value = { settings: null, mayEdit: true };
  }

  async function verify(credentials: PushoverVerifyInput): Promise<void> {
    verified.value = null;
    verified.value = await mutation.run(() => call(api.pushover.verify.$post({ json: credentials })), 'verify');
  }

  return { data: view.data, loadError: view.error, error: mutation.error, busy: mutation.busy, verified, save, remove, verify };
}

import { ref, shallowRef, watch, type Ref } from 'vue';
import type { QuarantineDetail } from '../../../server/features/quarantine/quarantine.schema.ts';
import { api, call } from '../../lib/api.ts';

/**
 * One quarantined message, reloaded when its id or the remote-images choice changes. Opening it marks
 * it read for the viewer (the server does that); `onOpened` lets the recipient's page refresh its
 * badge, which an admin's view must leave alone.
 */
export function useQuarantineItem(id: Ref<string>, onOpened?: () => void) {
  const data = shallowRef<QuarantineDetail | null>(null);
  const error = shallowRef<unknown>(null);
  const pending = ref(false);
  const remote = ref(false);

  async function load() {
    pending.value = true;
    error.value = null;
    try {
      data.value = await call(api.quarantine[':id'].$get({ param: { id: id.value }, query: { remote: remote.value ? '1' : '0' } }));
      onOpened?.();
    } catch (e) {
      error.value = e;
    } finally {
      pending.value = false;
    }
  }
  watch([id, remote], load, { immediate: true });
  return { data, error, pending, remote, reload: load };
}

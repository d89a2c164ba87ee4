import { ref, shallowRef, watch, type Ref } from 'vue';
import type { QuarantineDetail } from '../../../server/features/quarantine/quarantine.schema.ts';
import { api, call } from '../../lib/api.ts';
import { refreshQuarantineBadge } from '../../stores/quarantineBadge.ts';

export function useQuarantineItem(id: Ref<string>) {
  const data = shallowRef<QuarantineDetail | null>(null);
  const error = shallowRef<unknown>(null);
  const pending = ref(false);
  const remote = ref(false);

  async function load() {
    pending.value = true;
    error.value = null;
    try {
      data.value = await call(api.quarantine[':id'].$get({ param: { id: id.value }, query: { remote: remote.value ? '1' : '0' } }));
      // Opening an item marks it reviewed for its recipient.
      void refreshQuarantineBadge();
    } catch (e) {
      error.value = e;
    } finally {
      pending.value = false;
    }
  }
  watch([id, remote], load, { immediate: true });
  return { data, error, pending, remote, reload: load };
}

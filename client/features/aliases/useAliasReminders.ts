import { computed } from 'vue';
import { useAsync } from '../../composables/useAsync.ts';
import { useMutation } from '../../composables/useMutation.ts';
import { api, call } from '../../lib/api.ts';

/**
 * Whether the user is reminded (by push, on every device with notifications on) a day before a
 * time-limited alias expires. `error` is the last failed load or save.
 */
export function useAliasReminders() {
  const settings = useAsync(() => call(api['alias-reminders'].$get()));
  const save = useMutation();

  async function setEnabled(enabled: boolean): Promise<void> {
    const saved = await save.run(() => call(api['alias-reminders'].$put({ json: { enabled } })));
    if (saved) settings.data.value = saved;
  }

  return {
    enabled: computed(() => settings.data.value?.enabled ?? false),
    loaded: computed(() => settings.data.value !== null),
    error: computed(() => save.error.value ?? settings.error.value),
    pending: computed(() => save.pending.value || settings.pending.value),
    setEnabled,
  };
}

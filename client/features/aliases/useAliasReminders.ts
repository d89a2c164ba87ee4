import { computed, ref, shallowRef } from 'vue';
import { useAsync } from '../../composables/useAsync.ts';
import { api, call } from '../../lib/api.ts';

/**
 * Whether the user is reminded (by push, on every device with notifications on) a day before a
 * time-limited alias expires. `error` is the last failed load or save.
 */
export function useAliasReminders() {
  const settings = useAsync(() => call(api['alias-reminders'].$get()));
  const saving = ref(false);
  const saveError = shallowRef<unknown>(null);

  async function setEnabled(enabled: boolean): Promise<void> {
    saving.value = true;
    saveError.value = null;
    try {
      settings.data.value = await call(api['alias-reminders'].$put({ json: { enabled } }));
    } catch (e) {
      saveError.value = e;
    } finally {
      saving.value = false;
    }
  }

  return {
    enabled: computed(() => settings.data.value?.enabled ?? false),
    loaded: computed(() => settings.data.value !== null),
    error: computed(() => saveError.value ?? settings.error.value),
    pending: computed(() => saving.value || settings.pending.value),
    setEnabled,
  };
}

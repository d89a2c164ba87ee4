import { shallowRef } from 'vue';
import type { NotifySettingsView } from '../../../server/features/quarantine-settings/notify-settings.schema.ts';
import { api, call } from '../../lib/api.ts';

export function useNotifySettings() {
  const data = shallowRef<NotifySettingsView | null>(null);
  const error = shallowRef<unknown>(null);
  async function load() {
    try { data.value = await call(api['quarantine-settings'].$get()); } catch (e) { error.value = e; }
  }
  async function save(change: { notification?: NotifySettingsView['notification']; category?: NotifySettingsView['category'] }) {
    error.value = null;
    try { data.value = await call(api['quarantine-settings'].$put({ json: change })); } catch (e) { error.value = e; }
  }
  void load();
  return { data, error, save };
}

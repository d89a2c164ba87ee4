// The admin's quarantine settings: load them, and save the whole form (the server replaces all keys, as mailcow does).
import type { QuarantineSettingsInput } from '../../../../server/mailcow/quarantine-settings.schema.ts';
import { useAsync } from '../../../composables/useAsync.ts';
import { useMutation } from '../../../composables/useMutation.ts';
import { api, call } from '../../../lib/api.ts';

export function useQuarantineSettings() {
  const resource = useAsync(() => call(api.admin['quarantine-settings'].$get()));
  const mutation = useMutation();
  async function save(input: QuarantineSettingsInput) {
    const saved = await mutation.run(() => call(api.admin['quarantine-settings'].$put({ json: input })));
    if (saved) resource.data.value = saved;
    return saved !== null;
  }
  return { ...resource, saving: mutation.pending, saveError: mutation.error, save };
}

import type { ApiAccess, ApiKeySettingsInput } from '../../../../server/mailcow/api-key.schema.ts';
import { useAsync } from '../../../composables/useAsync.ts';
import { useMutation } from '../../../composables/useMutation.ts';
import { api, call } from '../../../lib/api.ts';

const one = api.admin['api-keys'][':access'];

/** mailcow's ro and rw keys: read, made, changed, regenerated, deleted (each answers the key as it now is). */
export function useMailcowKeys() {
  const list = useAsync(async () => (await call(api.admin['api-keys'].$get())).keys);
  const save = useMutation();
  const after = async <T>(work: Promise<T | null>) => { const done = await work; if (done) await list.reload(); return done; };
  return {
    list,
    save,
    create: (access: ApiAccess, json: ApiKeySettingsInput) => after(save.run(() => call(one.$post({ param: { access }, json })), access)),
    edit: (access: ApiAccess, json: ApiKeySettingsInput) => after(save.run(() => call(one.$patch({ param: { access }, json })), access)),
    regenerate: (access: ApiAccess) => after(save.run(() => call(one.regenerate.$post({ param: { access } })), access)),
    remove: (access: ApiAccess) => after(save.run(() => call(one.$delete({ param: { access } })), access)),
  };
}

import type { CreateScopedKeyInput } from '../../../../server/features/admin-api-keys/scoped-keys.schema.ts';
import { useAsync } from '../../../composables/useAsync.ts';
import { useMutation } from '../../../composables/useMutation.ts';
import { api, call } from '../../../lib/api.ts';

/** Scoped keys: a domain admin's own (an admin sees everyone's); made (the key comes back once) and revoked. */
export function useScopedKeys() {
  const list = useAsync(async () => (await call(api.admin['scoped-keys'].$get({ query: {} }))).keys);
  // Making and revoking fail apart: the form shows one error, the list the other.
  const [save, removal] = [useMutation(), useMutation()];
  return {
    list, save, removal,
    create: async (json: CreateScopedKeyInput) => {
      const made = await save.run(() => call(api.admin['scoped-keys'].$post({ json })));
      if (made) void list.reload();
      return made;
    },
    revoke: async (id: number) => {
      const done = await removal.run(() => call(api.admin['scoped-keys'][':id'].$delete({ param: { id: String(id) } })), String(id));
      if (done) void list.reload();
      return done;
    },
  };
}

import { shallowRef } from 'vue';
import type { AliasTokenView, CreatedAliasToken } from '../../../server/features/alias-api/alias-tokens.schema.ts';
import { useMutation } from '../../composables/useMutation.ts';
import { api, call } from '../../lib/api.ts';

/**
 * The user's password-manager tokens: listed, made (the secret comes back this once) and revoked.
 * `error` is the last refusal, for the card's banner or the name field.
 */
export function useAliasTokens() {
  const tokens = shallowRef<AliasTokenView[]>([]);
  const { pending, error, run } = useMutation();
  const load = () => run(async () => { tokens.value = (await call(api['alias-tokens'].$get())).tokens; });
  void load();

  return {
    tokens, error, pending, reload: load,
    async create(name: string): Promise<CreatedAliasToken | null> {
      const made = await run(() => call(api['alias-tokens'].$post({ json: { name } })));
      if (made) tokens.value = [made.token, ...tokens.value];
      return made;
    },
    async revoke(id: number): Promise<boolean> {
      const done = await run(() => call(api['alias-tokens'][':id'].$delete({ param: { id: String(id) } })));
      if (done === null) return false;
      tokens.value = tokens.value.filter((t) => t.id !== id);
      return true;
    },
  };
}

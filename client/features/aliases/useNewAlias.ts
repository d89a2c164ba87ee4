import { shallowRef } from 'vue';
import type { AliasDefaults, AliasValidity, TimeLimitedAlias } from '../../../server/features/aliases/aliases.schema.ts';
import { useMutation } from '../../composables/useMutation.ts';
import { api, call } from '../../lib/api.ts';

/**
 * Making a time-limited alias with the user's remembered choices (domain, validity), and changing
 * those choices. `create` without a domain or validity lets the server apply the remembered ones, so
 * the one-tap path needs no request for the defaults first.
 */
export function useNewAlias() {
  const made = shallowRef<TimeLimitedAlias | null>(null);
  const defaults = shallowRef<AliasDefaults | null>(null);
  const { pending, error, run } = useMutation();
  return {
    made, defaults, error, pending,
    create: (description: string) =>
      run(async () => (made.value = await call(api.aliases['time-limited'].$post({ json: description ? { description } : {} })))),
    /**
     * The alias a URL names (`?made=`, so a reload shows it again), once the server lists it as one of
     * the user's own: anyone can send a link naming any address, which must never be shown as theirs.
     */
    recall: (address: string) => run(async () => {
      const page = await call(api.aliases['time-limited'].$get({ query: { q: address.slice(0, 200), limit: '100' } }));
      return (made.value = page.items.find((a) => a.address === address) ?? null);
    }),
    loadDefaults: () => run(async () => (defaults.value = await call(api.aliases.defaults.$get()))),
    saveDefaults: (json: { domain?: string; validity?: AliasValidity }) =>
      run(async () => (defaults.value = await call(api.aliases.defaults.$put({ json })))),
  };
}

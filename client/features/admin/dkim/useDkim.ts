import { useAsync } from '../../../composables/useAsync.ts';
import { useMutation } from '../../../composables/useMutation.ts';
import { api, call } from '../../../lib/api.ts';
import type { GenerateDkimInput, ImportDkimInput } from '../../../../server/mailcow/dkim.schema.ts';

const one = api.admin.dkim[':domain'];

/** The admin's DKIM keys (every domain, alias domain and blind key) and mailcow's dkim() changes; the list follows each. */
export function useDkim() {
  const list = useAsync(() => call(api.admin.dkim.$get()));
  const change = useMutation();
  async function then<T>(work: () => Promise<T>, target: string): Promise<T | null> {
    const done = await change.run(work, target);
    if (done !== null) await list.reload();
    return done;
  }
  return {
    list,
    change,
    generate: (domain: string, input: GenerateDkimInput) => then(() => call(one.$post({ param: { domain }, json: input })), domain),
    importKey: (domain: string, input: ImportDkimInput) => then(() => call(one.import.$post({ param: { domain }, json: input })), domain),
    duplicate: (domain: string, to: string[]) => then(() => call(one.duplicate.$post({ param: { domain }, json: { to } })), domain),
    remove: (domain: string) => then(() => call(one.$delete({ param: { domain } })), domain),
  };
}

/** One domain's record, for its edit form (domain admins read their own domains'). */
export function useDomainDkim(domain: string) {
  return useAsync(async () => (await call(one.$get({ param: { domain } }))).record);
}

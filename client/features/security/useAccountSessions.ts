import { shallowRef } from 'vue';
import type { AccountSessionView } from '../../../server/features/account-security/account-security.schema.ts';
import { useMutation } from '../../composables/useMutation.ts';
import { api, call } from '../../lib/api.ts';

/** The account's browser sessions: listed, one ended, or all but this one. */
export function useAccountSessions() {
  const sessions = shallowRef<AccountSessionView[]>([]);
  const { pending, error, busy, run } = useMutation();
  const load = () => run(async () => { sessions.value = (await call(api.account.sessions.$get())).sessions; });

  return {
    sessions, pending, error, busy, load,
    async end(id: string): Promise<void> {
      const ok = await run(() => call(api.account.sessions[':handle'].$delete({ param: { handle: id } })).then(() => true), id);
      if (ok) sessions.value = sessions.value.filter((s) => s.id !== id);
    },
    async endOthers(): Promise<void> {
      const ok = await run(() => call(api.account.sessions.$delete()), 'others');
      if (ok) sessions.value = sessions.value.filter((s) => s.current);
    },
  };
}

// The second step of sign-in: a code from one of the account's factors (or a recovery code) is sent,
// and the session the server answers with is the signed-in one. Lives in the lazy chunk on purpose:
// nothing here may add to the sign-in page's own bytes.
import { useRoute, useRouter } from 'vue-router';
import type { SessionView } from '../../../../server/features/session/session.schema.ts';
import { useMutation } from '../../../composables/useMutation.ts';
import { api, call } from '../../../lib/api.ts';
import { useSessionStore } from '../../../stores/session.ts';

export type CodeMethod = 'totp' | 'yubi_otp' | 'recovery';

export function useSecondFactor() {
  const store = useSessionStore();
  const router = useRouter();
  const route = useRoute();
  const { pending, error, run } = useMutation();

  /** Signed in: on to the page asked for (as after a password-only sign-in), or the account's home. */
  async function finish(session: SessionView) {
    store.session = session;
    const next = route.query.next;
    await router.replace(typeof next === 'string' && next.startsWith('/') ? next : store.homePath);
  }

  async function submit(method: CodeMethod, value: string): Promise<void> {
    const json = method === 'yubi_otp' ? { method, otp: value } : { method, code: value };
    const done = await run(() => call(api.session.tfa.$post({ json })));
    if (done) await finish(done.session);
  }

  return { pending, error, submit, finish };
}

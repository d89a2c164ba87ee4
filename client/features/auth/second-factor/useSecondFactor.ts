// The second step of sign-in: a code from one of the account's factors (or a recovery code) is sent,
// and the session the server answers with is the signed-in one.
import { ref, shallowRef } from 'vue';
import type { SessionView } from '../../../../server/features/session/session.schema.ts';
import { api, call } from '../../../lib/api.ts';
import { useSessionStore } from '../../../stores/session.ts';
import { useContinueAfterSignIn } from '../useSignIn.ts';

export type CodeMethod = 'totp' | 'yubi_otp' | 'recovery';

export function useSecondFactor() {
  const store = useSessionStore();
  const goOn = useContinueAfterSignIn();
  const pending = ref(false);
  const error = shallowRef<unknown>(null);

  async function finish(session: SessionView) {
    store.adopt(session);
    await goOn();
  }

  async function submit(method: CodeMethod, value: string): Promise<void> {
    pending.value = true;
    error.value = null;
    try {
      const json = method === 'yubi_otp' ? { method, otp: value } : { method, code: value };
      await finish((await call(api.session.tfa.$post({ json }))).session);
    } catch (e) {
      error.value = e;
    } finally {
      pending.value = false;
    }
  }

  return { pending, error, submit, finish };
}

import { ref } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import type { SessionView } from '../../../server/features/session/session.schema.ts';
import { useSessionStore } from '../../stores/session.ts';

export function useSignIn() {
  const store = useSessionStore();
  const router = useRouter();
  const route = useRoute();
  const pending = ref(false);
  const error = ref<unknown>(null);

  /** A session made active (password, second factor or passkey): on to where the user was going. */
  async function complete(session: SessionView) {
    store.session = session;
    if (session.state !== 'active') return;
    const next = typeof route.query.next === 'string' && route.query.next.startsWith('/') ? route.query.next : store.homePath;
    await router.replace(next);
  }

  async function submit(username: string, password: string) {
    pending.value = true;
    error.value = null;
    try {
      await complete(await store.signIn(username, password));
    } catch (e) {
      error.value = e;
    } finally {
      pending.value = false;
    }
  }

  /** With a passkey (its code loads now); `autofill`: offered among the name field's suggestions. */
  async function signInWithPasskey(autofill = false) {
    // Browsers that cannot offer passkeys in the suggestions never download the code for it.
    if (!autofill || (await PublicKeyCredential.isConditionalMediationAvailable?.())) {
      await (await import('./passkey-sign-in.ts')).passkeySignIn(autofill, complete, error);
    }
  }

  async function abandonSecondFactor() {
    await store.signOut();
  }

  return { pending, error, submit, complete, signInWithPasskey, abandonSecondFactor, session: () => store.session };
}

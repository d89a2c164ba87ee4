import { ref } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import type { SessionView } from '../../../server/features/session/session.schema.ts';
import { useSessionStore } from '../../stores/session.ts';

type PasskeyModule = typeof import('./passkey-sign-in.ts');

export function useSignIn() {
  const store = useSessionStore();
  const router = useRouter();
  const route = useRoute();
  const pending = ref(false);
  const passkeyPending = ref(false);
  const error = ref<unknown>(null);
  let passkeys: PasskeyModule | null = null;

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
    // A passkey offered in the name field's suggestions is no longer wanted.
    passkeys?.cancelCeremony();
    try {
      await complete(await store.signIn(username, password));
    } catch (e) {
      error.value = e;
    } finally {
      pending.value = false;
    }
  }

  /** `autofill`: offer the passkeys among the name field's suggestions (conditional mediation) and wait. */
  async function signInWithPasskey(autofill = false) {
    if (!autofill) passkeyPending.value = true;
    try {
      passkeys ??= await import('./passkey-sign-in.ts');
      const session = await passkeys.passkeySignIn(autofill);
      error.value = null;
      if (session) await complete(session);
    } catch (e) {
      if (!passkeys?.isCancelled(e)) error.value = e;
    } finally {
      if (!autofill) passkeyPending.value = false;
    }
  }

  async function abandonSecondFactor() {
    await store.signOut();
  }

  return { pending, passkeyPending, error, submit, complete, signInWithPasskey, abandonSecondFactor, session: () => store.session };
}

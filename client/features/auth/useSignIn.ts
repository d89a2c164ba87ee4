import { ref } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { useSessionStore } from '../../stores/session.ts';

export function useSignIn() {
  const store = useSessionStore();
  const router = useRouter();
  const route = useRoute();
  const pending = ref(false);
  const error = ref<unknown>(null);

  async function submit(username: string, password: string) {
    pending.value = true;
    error.value = null;
    try {
      const session = await store.signIn(username, password);
      if (session.state !== 'active') return;
      const next = typeof route.query.next === 'string' && route.query.next.startsWith('/') ? route.query.next : store.homePath;
      await router.replace(next);
    } catch (e) {
      error.value = e;
    } finally {
      pending.value = false;
    }
  }

  async function abandonSecondFactor() {
    await store.signOut();
  }

  return { pending, error, submit, abandonSecondFactor, session: () => store.session };
}

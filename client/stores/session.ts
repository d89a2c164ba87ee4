// The signed-in account, shared by the router guard and every layout.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { SessionView } from '../../server/features/session/session.schema.ts';
import { api, call } from '../lib/api.ts';

export const useSessionStore = defineStore('session', () => {
  const session = ref<SessionView | null>(null);
  const loaded = ref(false);

  const active = computed(() => (session.value?.state === 'active' ? session.value : null));
  const homePath = computed(() => (active.value && active.value.role !== 'user' ? '/admin' : '/'));

  async function load(): Promise<void> {
    session.value = (await call(api.session.$get())).session;
    loaded.value = true;
  }

  async function signIn(username: string, password: string): Promise<SessionView> {
    session.value = (await call(api.session.$post({ json: { username, password } }))).session;
    return session.value;
  }

  async function signOut(): Promise<void> {
    try {
      await call(api.session.$delete());
    } finally {
      session.value = null;
    }
  }

  return { session, loaded, active, homePath, load, signIn, signOut };
});

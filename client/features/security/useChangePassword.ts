import { ref } from 'vue';
import { useMutation } from '../../composables/useMutation.ts';
import { api, call } from '../../lib/api.ts';
import { useSessionStore } from '../../stores/session.ts';

/** The signed-in user's password change; on success the session store learns that a forced change is done. */
export function useChangePassword() {
  const store = useSessionStore();
  const { pending, error, run } = useMutation();
  const done = ref(false);
  async function submit(currentPassword: string, password: string, password2: string): Promise<boolean> {
    done.value = false;
    const result = await run(async () => {
      const r = await call(api.account.password.$put({ json: { currentPassword, password, password2 } }));
      await store.load();
      return r;
    });
    done.value = result !== null;
    return done.value;
  }
  return { pending, error, done, submit };
}

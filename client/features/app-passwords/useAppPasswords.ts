import { shallowRef } from 'vue';
import type { AppPasswdView, CreatedAppPasswd, CreateAppPasswdInput, EditAppPasswdInput } from '../../../server/mailcow/app-passwd.schema.ts';
import { useMutation } from '../../composables/useMutation.ts';
import { api, call } from '../../lib/api.ts';

/**
 * The user's app passwords: listed, made (the password comes back this once, for the page to show
 * until it is left), changed and revoked. `error` is the last refusal; `busy` the id being changed.
 */
export function useAppPasswords() {
  const items = shallowRef<AppPasswdView[]>([]);
  const loaded = shallowRef(false);
  const { pending, error, busy, run } = useMutation();
  const replace = (next: AppPasswdView) => { items.value = items.value.map((a) => (a.id === next.id ? next : a)); };
  const load = () => run(async () => {
    items.value = (await call(api['app-passwords'].$get())).appPasswords;
    loaded.value = true;
  });
  void load();

  return {
    items, loaded, error, pending, busy, reload: load,
    async create(input: CreateAppPasswdInput): Promise<CreatedAppPasswd | null> {
      const made = await run(() => call(api['app-passwords'].$post({ json: input })));
      if (made) items.value = [...items.value, made.appPassword];
      return made;
    },
    async edit(id: number, change: EditAppPasswdInput): Promise<boolean> {
      const done = await run(() => call(api['app-passwords'][':id'].$patch({ param: { id: String(id) }, json: change })), String(id));
      if (done) replace(done.appPassword);
      return done !== null;
    },
    async revoke(id: number): Promise<boolean> {
      const done = await run(() => call(api['app-passwords'][':id'].$delete({ param: { id: String(id) } })), String(id));
      if (done === null) return false;
      items.value = items.value.filter((a) => a.id !== id);
      return true;
    },
  };
}

import { useMutation } from '../../../composables/useMutation.ts';
import { api, call } from '../../../lib/api.ts';
import type { CreateMailboxInput, EditMailboxInput } from '../../../../server/mailcow/mailbox.schema.ts';

const one = api.admin.mailboxes[':username'];

/** Adding, changing and deleting a mailbox; a created one may carry its generated password, once. */
export function useMailboxEditor() {
  const save = useMutation();
  const removal = useMutation();
  return {
    save,
    removal,
    create: (input: CreateMailboxInput) => save.run(() => call(api.admin.mailboxes.$post({ json: input }))),
    edit: (username: string, input: EditMailboxInput) => save.run(() => call(one.$patch({ param: { username }, json: input }))),
    remove: (username: string) => removal.run(() => call(one.$delete({ param: { username } }))),
  };
}

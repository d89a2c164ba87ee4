import { useMutation } from '../../../composables/useMutation.ts';
import { api, call } from '../../../lib/api.ts';
import type { BulkEditMailboxesInput, CreateMailboxInput, EditMailboxInput } from '../../../../server/mailcow/mailbox.schema.ts';

const one = api.admin.mailboxes[':username'];

/**
 * Adding, reading (for the edit form), changing and deleting a mailbox, and one change to many
 * (`bulk`: each address answers for itself); a created one may carry its generated password, once.
 */
export function useMailboxEditor() {
  const save = useMutation();
  const removal = useMutation();
  const bulk = useMutation();
  return {
    save,
    removal,
    bulk,
    load: (username: string) => save.run(async () => (await call(one.$get({ param: { username } }))).mailbox),
    create: (input: CreateMailboxInput) => save.run(() => call(api.admin.mailboxes.$post({ json: input }))),
    edit: (username: string, input: EditMailboxInput) => save.run(() => call(one.$patch({ param: { username }, json: input }))),
    remove: (username: string) => removal.run(() => call(one.$delete({ param: { username } }))),
    editMany: (input: BulkEditMailboxesInput) => bulk.run(async () => (await call(api.admin.mailboxes.$patch({ json: input }))).outcomes),
    /** One DELETE per address, in turn; the addresses that could not go are answered. */
    removeMany: (usernames: string[]) => bulk.run(async () => {
      const failed: string[] = [];
      for (const username of usernames) await call(one.$delete({ param: { username } })).catch(() => failed.push(username));
      return failed;
    }),
  };
}

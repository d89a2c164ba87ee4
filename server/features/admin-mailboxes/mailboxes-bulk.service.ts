// One change to many mailboxes (the admin list's bulk bar): each address goes through mailcow's
// edit/mailbox in the mailbox service, with its own scope and limit checks, and answers for itself,
// so one refused mailbox (another domain's, over the domain quota) does not stop the others.
import type { Deps } from '../../deps.ts';
import type { Actor } from '../../lib/authz/actor.ts';
import { authorize } from '../../lib/authz/policy.ts';
import { AppError } from '../../lib/errors.ts';
import { normaliseAddress } from '../../lib/mailcow/addresses.ts';
import { parseInput } from '../../lib/validate.ts';
import { bulkEditMailboxesInput, type BulkEditMailboxesInput, type BulkEditOutcome } from '../../mailcow/mailbox.schema.ts';
import { editMailbox } from '../../mailcow/mailbox.service.ts';

export async function bulkEditMailboxes(deps: Deps, actor: Actor, input: BulkEditMailboxesInput): Promise<BulkEditOutcome[]> {
  await authorize(deps.db, actor, { do: 'directory.read' });
  const { usernames, patch } = parseInput(bulkEditMailboxesInput, input);
  const outcomes: BulkEditOutcome[] = [];
  // One after another: each edit rewrites the mailbox's SOGo view row and checks the domain's quota as it stands.
  for (const raw of [...new Set(usernames)]) {
    const username = normaliseAddress(raw);
    if (!username) {
      outcomes.push({ username: raw, ok: false, code: 'validation_failed', message: 'Not a mailbox address.' });
      continue;
    }
    try {
      await editMailbox(deps, actor, username, patch);
      outcomes.push({ username, ok: true });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      outcomes.push({ username, ok: false, code: e.code, message: e.message });
    }
  }
  return outcomes;
}

// mailcow's mailbox ACL (reference 1.18; acl('get'|'edit', 'user') in functions.acl.inc.php): which
// features a mailbox user may use. Admins set any flag; a domain admin only on mailboxes of its
// domains, and never a flag whose da_acl counterpart it lacks (lockedUserAclFlags: mailcow hides
// those from it and keeps them as they are, so it can neither grant nor take them away). Users
// cannot change their own ACL.
import { and, eq } from 'drizzle-orm';
import { userAcl } from '../../db/schema/access.ts';
import { mailbox } from '../../db/schema/mail.ts';
import type { Deps } from '../deps.ts';
import { lockedUserAclFlags } from '../lib/authz/acl.ts';
import type { Actor } from '../lib/authz/actor.ts';
import { authorize, can, gateAllows } from '../lib/authz/policy.ts';
import { AppError } from '../lib/errors.ts';
import { auditedBy, writeAudit } from '../lib/mailcow/audit-log.ts';
import { parseInput } from '../lib/validate.ts';
import { readUserAcl, userAclColumns } from './acl-columns.ts';
import { USER_ACL_FLAGS, userAclInput, type UserAcl, type UserAclFlag, type UserAclInput, type UserAclView } from './domain-admin.schema.ts';

/** A row mailcow's add/mailbox did not write reads as holding nothing, as every ACL check treats it. */
const NOTHING = Object.fromEntries(USER_ACL_FLAGS.map((f) => [f, false])) as UserAcl;

/** The mailbox, if the actor administers its domain; otherwise it does not exist for them (hasMailboxObjectAccess). */
async function mailboxInScope(deps: Deps, actor: Actor, username: string) {
  if (actor.role === 'anonymous') throw new AppError('unauthenticated', 'Please sign in.');
  if (!gateAllows(actor, 'acl.user.read')) throw new AppError('forbidden', 'Your account may not manage mailbox permissions.');
  const [row] = await deps.db.select({ username: mailbox.username, domain: mailbox.domain }).from(mailbox)
    .where(and(eq(mailbox.username, username), eq(mailbox.kind, ''))).limit(1);
  if (!row || !(await can(deps.db, actor, { do: 'acl.user.read', mailbox: row }))) {
    throw new AppError('not_found', 'There is no such mailbox among those you administer.');
  }
  return row;
}

export async function getUserAcl(deps: Deps, actor: Actor, username: string): Promise<UserAclView> {
  const box = await mailboxInScope(deps, actor, username);
  return { username: box.username, acl: (await readUserAcl(deps.db, box.username)) ?? NOTHING, locked: await lockedUserAclFlags(deps.db, actor) };
}

/** Only the flags sent change; one a domain admin may not change is refused unless sent as it is. */
export async function editUserAcl(deps: Deps, actor: Actor, username: string, input: UserAclInput): Promise<UserAclView> {
  const { acl } = parseInput(userAclInput, input);
  const box = await mailboxInScope(deps, actor, username);
  const now = (await readUserAcl(deps.db, box.username)) ?? NOTHING;
  const change = (Object.keys(acl) as UserAclFlag[]).filter((f) => acl[f] !== undefined && acl[f] !== now[f]);
  await authorize(deps.db, actor, { do: 'acl.user.edit', mailbox: box, change });
  const next = { ...now, ...Object.fromEntries(change.map((f) => [f, acl[f]])) } as UserAcl;
  await deps.db.transaction(async (tx) => {
    await tx.insert(userAcl).values({ username: box.username, ...userAclColumns(NOTHING) }).onDuplicateKeyUpdate({ set: { username: box.username } });
    if (change.length > 0) await tx.update(userAcl).set(userAclColumns(next)).where(eq(userAcl.username, box.username));
    await writeAudit(tx, [{
      type: 'success', msg: ['acl_saved', box.username], ...auditedBy(actor),
      call: ['acl', 'edit', 'user', { username: [box.username], user_acl: USER_ACL_FLAGS.filter((f) => next[f]) }],
    }], deps.now());
  });
  return getUserAcl(deps, actor, box.username);
}

// The one place that answers "may this actor do this?". Routes gate on a permission's roles; services
// call authorize() for the parts that depend on mailcow's ACLs or on the object. Which rows an actor
// may see is answered in SQL from domainScope() (see the quarantine scope).
import type { Db } from '../../../db/client.ts';
import type { ItemAction } from '../../features/quarantine/quarantine.schema.ts';
import { AppError } from '../errors.ts';
import type { Role } from '../roles.ts';
import { actorAclAllows, domainAdminAclAllows, userAclAllows } from './acl.ts';
import type { Actor } from './actor.ts';

/** Who may call what, by role. Object- and ACL-level rules follow in `can`. */
export const ROLE_GATES = {
  'home.read': ['user'],
  'overview.read': ['admin', 'domain_admin'],
  /** The domains and mailboxes an admin may see (names, for lists and filters). */
  'directory.read': ['admin', 'domain_admin'],
  'quarantine.read': ['user', 'domain_admin', 'admin'],
  'quarantine.act': ['user', 'domain_admin', 'admin'],
  'quarantine.settings': ['user'],
  'push.devices': ['user'],
  /** A mailbox user's own From identities (SOGo's), within what Postfix lets them send as. */
  'identities.manage': ['user'],
  /** Who may send as what (sender_acl): mailcow's edit/mailbox sender_acl and extended_sender_acl. */
  'sender_acl.read': ['admin', 'domain_admin'],
  'sender_acl.edit': ['admin', 'domain_admin'],
} as const satisfies Record<string, readonly Role[]>;

export type GatedAction = keyof typeof ROLE_GATES;

export type Permission =
  | { do: Exclude<GatedAction, 'quarantine.act' | 'quarantine.settings' | 'sender_acl.edit'> }
  /** External entries (addresses and domains not hosted here) need da_acl extend_sender_acl. */
  | { do: 'sender_acl.edit'; external: boolean }
  /** Release, delete, learn or block: mailcow's `quarantine` ACL, `spam_policy` for blocking. */
  | { do: 'quarantine.act'; action: ItemAction }
  /** A mailbox's digest settings: only its owner, each field under its own user_acl flag. */
  | { do: 'quarantine.settings'; mailbox: string; change?: ('notification' | 'category')[] };

export function roleAllows(actor: Actor, action: GatedAction): boolean {
  return (ROLE_GATES[action] as readonly string[]).includes(actor.role);
}

export async function can(db: Db, actor: Actor, p: Permission): Promise<boolean> {
  if (!roleAllows(actor, p.do)) return false;
  switch (p.do) {
    case 'quarantine.act':
      return actorAclAllows(db, actor, p.action === 'block_sender' ? 'spamPolicy' : 'quarantine');
    case 'quarantine.settings': {
      if (actor.username !== p.mailbox) return false;
      for (const field of p.change ?? []) {
        if (!(await userAclAllows(db, p.mailbox, field === 'notification' ? 'quarantineNotification' : 'quarantineCategory'))) return false;
      }
      return true;
    }
    case 'sender_acl.edit':
      return !p.external || domainAdminAclAllows(db, actor, 'extendSenderAcl');
    default:
      return true;
  }
}

const DENIED: Record<Permission['do'], string> = {
  'home.read': 'Only mailbox users have a home page.',
  'overview.read': 'Only administrators see the overview.',
  'directory.read': 'Only administrators see the lists of domains and mailboxes.',
  'quarantine.read': 'You may not see quarantined mail.',
  'quarantine.act': 'Your account may not do this with quarantined mail.',
  'quarantine.settings': 'Your administrator does not let you change this setting.',
  'push.devices': 'Only mailbox users receive notifications.',
  'identities.manage': 'Only mailbox users have sender identities.',
  'sender_acl.read': 'Only administrators see who may send as whom.',
  'sender_acl.edit': 'Your account may not change who may send as whom in this way.',
};

/** can(), or a `forbidden` error saying what was refused. */
export async function authorize(db: Db, actor: Actor, p: Permission): Promise<void> {
  if (actor.role === 'anonymous') throw new AppError('unauthenticated', 'Please sign in.');
  if (!(await can(db, actor, p))) throw new AppError('forbidden', DENIED[p.do]);
}

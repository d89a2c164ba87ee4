// mailcow's ACLs (reference 1.17, 1.18): admins may do everything; domain admins by their da_acl
// row; users by their user_acl row. A missing row allows nothing, as mailcow's IFNULL(…, 0).
import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { daAcl, userAcl } from '../../../db/schema/access.ts';
import { readDaAcl } from '../../mailcow/acl-columns.ts';
import { DA_ACL_FLAGS, USER_ACL_FLAGS, type UserAclFlag as UserAclColumn } from '../../mailcow/domain-admin.schema.ts';
import type { Actor } from './actor.ts';

export type UserAclFlag = 'quarantine' | 'spamPolicy' | 'quarantineNotification' | 'quarantineCategory' | 'spamAlias' | 'pushover' | 'appPasswds';
export type DomainAdminAclFlag = 'quarantine' | 'spamPolicy' | 'extendSenderAcl' | 'domainDesc' | 'unlimitedQuota' | 'protocolAccess' | 'sogoAccess' | 'aliasDomains' | 'ratelimit';

export async function userAclAllows(db: Db, username: string, flag: UserAclFlag): Promise<boolean> {
  const [row] = await db.select({ v: userAcl[flag] }).from(userAcl).where(eq(userAcl.username, username)).limit(1);
  return Number(row?.v ?? 0) === 1;
}

export async function actorAclAllows(db: Db, actor: Actor, flag: UserAclFlag & DomainAdminAclFlag): Promise<boolean> {
  if (actor.role === 'user') return userAclAllows(db, actor.username, flag);
  return domainAdminAclAllows(db, actor, flag);
}

/** An administrator's ACL: admins hold every flag, domain admins their da_acl row's, users none. */
export async function domainAdminAclAllows(db: Db, actor: Actor, flag: DomainAdminAclFlag): Promise<boolean> {
  if (actor.role === 'admin') return true;
  if (actor.role !== 'domain_admin') return false;
  const [row] = await db.select({ v: daAcl[flag] }).from(daAcl).where(eq(daAcl.username, actor.username)).limit(1);
  return Number(row?.v ?? 0) === 1;
}

/**
 * The user_acl flags an actor may not change on a mailbox it administers. mailcow's acl('get', 'user')
 * hides from a domain admin every user flag whose da_acl flag of the same name it lacks, and its
 * acl('edit', 'user') then leaves those as they are: it can neither grant nor take away what it does
 * not hold. Flags with no da_acl counterpart (spam_alias, tls_policy, …) stay open to it, as in
 * mailcow. Without a da_acl row it holds nothing, so every shared flag is locked.
 */
export async function lockedUserAclFlags(db: Db, actor: Actor): Promise<UserAclColumn[]> {
  if (actor.role === 'admin') return [];
  if (actor.role !== 'domain_admin') return [...USER_ACL_FLAGS];
  const own = await readDaAcl(db, actor.username);
  const shared = USER_ACL_FLAGS.filter((f): f is UserAclColumn & (typeof DA_ACL_FLAGS)[number] => (DA_ACL_FLAGS as readonly string[]).includes(f));
  return shared.filter((f) => !own?.[f]);
}

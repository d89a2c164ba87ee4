// mailcow's ACLs (reference 1.17, 1.18): admins may do everything; domain admins by their da_acl
// row; users by their user_acl row. A missing row allows nothing, as mailcow's IFNULL(…, 0).
import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { daAcl, userAcl } from '../../../db/schema/access.ts';
import type { Actor } from './actor.ts';

export type UserAclFlag = 'quarantine' | 'spamPolicy' | 'quarantineNotification' | 'quarantineCategory' | 'spamAlias' | 'pushover' | 'appPasswds';
export type DomainAdminAclFlag = 'quarantine' | 'spamPolicy' | 'extendSenderAcl' | 'domainDesc' | 'unlimitedQuota' | 'protocolAccess' | 'sogoAccess' | 'aliasDomains';

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

// Creates rows the way mailcow's add functions do (reference 1.1, 1.15–1.18), so that mailcow sees
// exactly what it would have written itself, without mailcow's checks: the demo seed's and tests'
// quick way to a world. Admin screens and imports create mailboxes through mailcow/mailbox.service.ts.
import type { Redis } from 'ioredis';
import type { Db } from '../../../db/client.ts';
import { mailcowKeys } from '../redis-keys.ts';
import { admin, daAcl, domainAdmins, userAcl } from '../../../db/schema/access.ts';
import { alias, domain, mailbox, quota2, quota2replica } from '../../../db/schema/mail.ts';
import { mailboxAttributes, TEMPLATE_DEFAULTS } from '../../mailcow/mailbox.rules.ts';
import { withAttributes } from './attributes.ts';

/** mailbox.attributes as add/mailbox writes them with mailcow's default template. */
export function defaultMailboxAttributes(now: Date): string {
  return mailboxAttributes(TEMPLATE_DEFAULTS, now.toISOString().slice(0, 19).replace('T', ' '));
}

/** Adds a domain row and, as mailcow does, marks it in Redis DOMAIN_MAP (rspamd and ingest read it). */
export async function insertDomain(db: Db, name: string, opts: { active?: number; description?: string; redis?: Redis } = {}) {
  await opts.redis?.hset(mailcowKeys.domainMap, name.toLowerCase(), '1');
  await db.insert(domain).values({
    domain: name.toLowerCase(), description: opts.description ?? name, aliases: 400, mailboxes: 10,
    defquota: 3072, maxquota: 10240, quota: 10240, active: opts.active ?? 1,
  });
}

export interface NewMailbox {
  localPart: string;
  domain: string;
  passwordHash: string;
  name?: string;
  quotaBytes?: number;
  active?: 0 | 1 | 2;
}

/** mailbox + quota2 + quota2replica + the self alias + user_acl, in one transaction. */
export async function insertMailbox(db: Db, m: NewMailbox): Promise<string> {
  const localPart = m.localPart.toLowerCase();
  const dom = m.domain.toLowerCase();
  const username = `${localPart}@${dom}`;
  const active = m.active ?? 1;
  await db.transaction(async (tx) => {
    await tx.insert(mailbox).values({
      username, password: m.passwordHash, name: m.name ?? localPart, localPart, domain: dom,
      quota: m.quotaBytes ?? 3072 * 1048576, attributes: defaultMailboxAttributes(new Date()), active,
    });
    await tx.insert(quota2).values({ username, bytes: 0, messages: 0 });
    await tx.insert(quota2replica).values({ username, bytes: 0, messages: 0 });
    // The self alias mirrors the mailbox's active value, 2 included (reference 10.1).
    await tx.insert(alias).values({ address: username, goto: username, domain: dom, active, sogoVisible: 1, internal: 0, senderAllowed: 1 });
    // The Default template lacks acl_pw_reset, so mailcow writes pw_reset = 0 (reference 1.4).
    await tx.insert(userAcl).values({ username, pwReset: 0 });
  });
  return username;
}

export async function insertAdmin(db: Db, username: string, passwordHash: string, opts: { active?: number } = {}) {
  await db.insert(admin).values({
    username, password: passwordHash, superadmin: 1, active: opts.active ?? 1,
    attributes: withAttributes(null, { force_tfa: '0', force_pw_update: '0' }),
  });
}

/** admin (superadmin 0) + one domain_admins row per domain + the da_acl row, like add/domain_admin. */
export async function insertDomainAdmin(db: Db, username: string, passwordHash: string, domains: string[], opts: { active?: number } = {}) {
  const active = opts.active ?? 1;
  await db.transaction(async (tx) => {
    await tx.insert(admin).values({
      username, password: passwordHash, superadmin: 0, active,
      attributes: withAttributes(null, { force_tfa: '0', force_pw_update: '0' }),
    });
    if (domains.length > 0) await tx.insert(domainAdmins).values(domains.map((d) => ({ username, domain: d, active })));
    await tx.insert(daAcl).values({ username });
  });
}

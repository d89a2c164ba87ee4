// mailcow's checks for a domain admin (domain_admin add/edit in functions.domain_admin.inc.php) and
// how its row reads, each as a query that answers one question.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { admin, domainAdmins, tfa } from '../../db/schema/access.ts';
import { domain, mailbox } from '../../db/schema/mail.ts';
import { AppError } from '../lib/errors.ts';
import { attrFlag, parseAttributes } from '../lib/mailcow/attributes.ts';
import { invalid } from './alias.rules.ts';
import type { DomainAdminView } from './domain-admin.schema.ts';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/**
 * mailcow refuses a name that is a mailbox, an admin or a domain admin already (object_exists). Its
 * rename checks only domain admins; Cowbell checks all three there too, as the admin row's primary
 * key would refuse a super admin's name anyway.
 */
export async function refuseTakenName(db: Db | Tx, username: string): Promise<void> {
  const taken = (await db.$count(mailbox, eq(mailbox.username, username))) + (await db.$count(admin, eq(admin.username, username)))
    + (await db.$count(domainAdmins, eq(domainAdmins.username, username)));
  if (taken > 0) throw new AppError('conflict', 'This name is taken (object_exists).', [{ path: 'username', message: 'This name is taken.', code: 'invalid' }]);
}

/** Every domain must exist as a domain (mailcow's domain_details; an alias domain is not one). */
export async function refuseUnknownDomains(db: Db | Tx, names: readonly string[]): Promise<void> {
  const found = new Set((await db.select({ d: domain.domain }).from(domain).where(inArray(domain.domain, [...names]))).map((r) => r.d.toLowerCase()));
  const missing = names.filter((n) => !found.has(n));
  if (missing.length > 0) throw invalid([{ path: 'domains', message: `No such domain: ${missing.join(', ')} (domain_invalid).`, code: 'invalid' }]);
}

/** Domain admins (admin.superadmin = 0) with their domains, factors and mailcow's force flags. */
export async function readDomainAdmins(db: Db, only?: string): Promise<DomainAdminView[]> {
  const rows = await db.select({ username: admin.username, active: admin.active, attributes: admin.attributes, created: admin.created })
    .from(admin).where(and(eq(admin.superadmin, 0), only === undefined ? undefined : eq(admin.username, only))).orderBy(admin.username);
  if (rows.length === 0) return [];
  const names = rows.map((r) => r.username);
  const assigned = await db.select({ u: domainAdmins.username, d: domainAdmins.domain }).from(domainAdmins)
    .where(inArray(domainAdmins.username, names)).orderBy(domainAdmins.domain);
  const factors = await db.select({ u: tfa.username, n: sql<number>`COUNT(*)` }).from(tfa)
    .where(and(inArray(tfa.username, names), eq(tfa.active, 1))).groupBy(tfa.username);
  return rows.map((r) => {
    const attrs = parseAttributes(r.attributes);
    return {
      username: r.username, active: Number(r.active) === 1,
      domains: [...new Set(assigned.filter((a) => a.u === r.username).map((a) => a.d))],
      forcePwUpdate: attrFlag(attrs, 'force_pw_update', false), forceTfa: attrFlag(attrs, 'force_tfa', false),
      tfaActive: factors.some((f) => f.u === r.username && Number(f.n) > 0), created: r.created,
    };
  });
}

/** The domain admin, or not_found (an admin's name included: mailcow's domain_admin('details') finds only domain admins). */
export async function requireDomainAdmin(db: Db, username: string): Promise<DomainAdminView> {
  const [found] = await readDomainAdmins(db, username);
  if (!found) throw new AppError('not_found', 'There is no such domain admin.');
  return found;
}

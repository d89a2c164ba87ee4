// Who sees which quarantine items (reference 3.4): users their own rcpt, domain admins the mailboxes
// of their domains and alias domains, admins everything. Expressed on Cowbell's index table.
import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { domainAdmins } from '../../../db/schema/access.ts';
import { cowbellQuarantineItems as items } from '../../../db/schema/cowbell.ts';
import { aliasDomain } from '../../../db/schema/mail.ts';
import type { Role } from '../../lib/roles.ts';

export interface Viewer {
  username: string;
  role: Role;
}

export async function managedDomains(db: Db, username: string): Promise<string[]> {
  const own = (await db.select({ d: domainAdmins.domain }).from(domainAdmins)
    .where(and(eq(domainAdmins.username, username), eq(domainAdmins.active, 1)))).map((r) => r.d.toLowerCase());
  if (own.length === 0) return [];
  const aliases = await db.select({ d: aliasDomain.aliasDomain }).from(aliasDomain).where(inArray(aliasDomain.targetDomain, own));
  return [...new Set([...own, ...aliases.map((r) => r.d.toLowerCase())])];
}

/** A condition on cowbell_quarantine_items for what the viewer may see (`sql\`1=0\`` when nothing). */
export async function scopeCondition(db: Db, viewer: Viewer): Promise<SQL | undefined> {
  if (viewer.role === 'admin') return undefined;
  if (viewer.role === 'user') return eq(items.rcpt, viewer.username);
  const domains = await managedDomains(db, viewer.username);
  return domains.length > 0 ? inArray(items.domain, domains) : sql`1 = 0`;
}

// Who sees which quarantine items (reference 3.4): users their own rcpt, domain admins the mailboxes
// of their domains and alias domains, admins everything. Expressed on Cowbell's index table, from
// the authorisation layer's domain scope.
import { eq, inArray, type Placeholder, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { cowbellQuarantineItems as items } from '../../../db/schema/cowbell.ts';
import type { Actor } from '../../lib/authz/actor.ts';
import { domainScope, scopeDomains } from '../../lib/authz/domain-scope.ts';

/** A mailbox user's own items (a placeholder for the prepared list statement). */
export const ownItems = (rcpt: string | Placeholder): SQL => eq(items.rcpt, rcpt);

/** A condition on cowbell_quarantine_items for what the actor may see (`sql\`1=0\`` when nothing). */
export async function scopeCondition(db: Db, actor: Actor): Promise<SQL | undefined> {
  if (actor.role === 'user') return ownItems(actor.username);
  const scope = await domainScope(db, actor);
  if (scope.all) return undefined;
  const domains = scopeDomains(scope);
  return domains.length > 0 ? inArray(items.domain, domains) : sql`1 = 0`;
}

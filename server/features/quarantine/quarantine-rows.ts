// mailcow's quarantine('get') and quarantine('details') (functions.quarantine.inc.php), what its API
// answers for get/quarantine: every item the actor may see in mailcow's list columns, or one whole
// row. The scope is the one every quarantine read uses (quarantine-scope.ts).
import { and, asc, eq, sql } from 'drizzle-orm';
import { cowbellQuarantineItems as items } from '../../../db/schema/cowbell.ts';
import { quarantine } from '../../../db/schema/quarantine.ts';
import type { Deps } from '../../deps.ts';
import type { Actor } from '../../lib/authz/actor.ts';
import { scopeCondition } from './quarantine-scope.ts';

/** The list mailcow's get/quarantine/all answers, in id order. */
export async function quarantineListRows(deps: Deps, actor: Actor) {
  if (actor.role === 'anonymous') return [];
  return deps.db.select({
    id: quarantine.id, qid: quarantine.qid, subject: quarantine.subject, virus_flag: sql<number>`LOCATE('VIRUS_FOUND', ${quarantine.symbols})`.mapWith(Number),
    score: quarantine.score, rcpt: quarantine.rcpt, sender: quarantine.sender, action: quarantine.action,
    created: sql<number>`UNIX_TIMESTAMP(${quarantine.created})`.mapWith(Number), notified: quarantine.notified,
  }).from(items).innerJoin(quarantine, eq(quarantine.id, items.id)).where(await scopeCondition(deps.db, actor)).orderBy(asc(items.id));
}

/** One item's whole row (message included), if the actor may see it; null otherwise. */
export async function quarantineRowDetails(deps: Deps, actor: Actor, id: number): Promise<Record<string, unknown> | null> {
  if (actor.role === 'anonymous' || !Number.isSafeInteger(id) || id <= 0) return null;
  const [row] = await deps.db.select({ q: quarantine }).from(items).innerJoin(quarantine, eq(quarantine.id, items.id))
    .where(and(eq(items.id, id), await scopeCondition(deps.db, actor))).limit(1);
  if (!row) return null;
  // mailcow's SELECT * names: the table's own columns.
  const [raw] = (await deps.db.execute(sql`SELECT * FROM quarantine WHERE id = ${id}`))[0] as unknown as Record<string, unknown>[];
  return raw ?? null;
}

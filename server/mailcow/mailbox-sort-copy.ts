// Keeps cowbell_mailbox_sort (db/schema/cowbell.ts) a copy of the mailboxes' name, quota and bytes in
// use, so the admin list sorts 100,000 mailboxes by them along an index. Cowbell's own mailbox
// writes refresh their rows at once (the mailbox service, the CSV import); mailcow, its API and
// Dovecot's quota dict change them without Cowbell knowing, so a job copies all every minute.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { retryOnDeadlock } from '../lib/db-retry.ts';

/**
 * Copies every mailbox's sort keys (or only these mailboxes') and drops rows of mailboxes that are
 * gone. Read committed: the copy reads mailcow's rows without locking them against their writers.
 */
export async function refreshMailboxSort(db: Db, usernames?: string[]): Promise<{ copied: number; removed: number }> {
  if (usernames?.length === 0) return { copied: 0, removed: 0 };
  const only = (column: string) => (usernames ? sql`AND ${sql.raw(column)} IN (${sql.join(usernames.map((u) => sql`${u}`), sql`, `)})` : sql``);
  const [copied, removed] = await retryOnDeadlock(() => db.transaction(async (tx) => [
    (await tx.execute(sql`
      INSERT INTO cowbell_mailbox_sort (username, domain, name, quota, bytes)
        SELECT m.username, m.domain, LEFT(COALESCE(m.name, ''), 255), m.quota, COALESCE(q.bytes, 0)
        FROM mailbox m LEFT JOIN quota2 q ON q.username = m.username
        WHERE m.kind = '' ${only('m.username')}
      ON DUPLICATE KEY UPDATE domain = VALUES(domain), name = VALUES(name), quota = VALUES(quota), bytes = VALUES(bytes)`))[0],
    (await tx.execute(sql`
      DELETE s FROM cowbell_mailbox_sort s LEFT JOIN mailbox m ON m.username = s.username AND m.kind = ''
        WHERE m.username IS NULL ${only('s.username')}`))[0],
  ], { isolationLevel: 'read committed' }));
  const affected = (r: unknown) => Number((r as { affectedRows?: number }).affectedRows ?? 0);
  return { copied: affected(copied), removed: affected(removed) };
}

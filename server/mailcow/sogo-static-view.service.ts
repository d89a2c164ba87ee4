// SOGo's user directory, as mailcow's update_sogo_static_view() writes it (reference 5.4;
// data/web/inc/functions.inc.php and the views of data/web/inc/init_db.inc.php, mailcow 06424670fa5d).
// SOGo offers `aliases`, `ad_aliases` and `ext_acl` as From addresses (MailFieldNames in
// data/Dockerfiles/sogo/bootstrap-sogo.sh), so every change to aliases, alias domains or external
// sender ACLs must be followed by syncSogoStaticView(). Exported for every service that makes one.
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, inArray, notExists, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { mailbox } from '../../db/schema/mail.ts';
import { sogoStaticView } from '../../db/schema/sogo.ts';
import type { Deps } from '../deps.ts';
import { retryOnDeadlock } from '../lib/db-retry.ts';
import { flushSogoCache, type CacheOutcome } from '../lib/sogo-cache.ts';

type ViewRow = Omit<typeof sogoStaticView.$inferInsert, 'cPassword'>;

/**
 * mailcow's SELECT with its three views inlined (grouped_mail_aliases, grouped_domain_alias_address,
 * grouped_sender_acl_external), so standalone mode needs no views. One deliberate difference: a
 * user is in an alias group when the goto list holds the username as one of its items; mailcow
 * matches `REGEXP CONCAT('(^|,)', username, '($|,)')`, where a `.` or `+` in the username is a
 * pattern character (bob.x@… also matches bobyx@…). For ordinary usernames both agree. The goto
 * lists are split into rows (JSON_TABLE) and joined on equality: matching each mailbox against
 * every alias group (mailcow's REGEXP, or FIND_IN_SET) took tens of seconds at 10,000 mailboxes.
 */
async function computeRows(db: Db, usernames?: string[]): Promise<ViewRow[]> {
  const only = usernames ? sql`AND mailbox.username IN (${sql.join(usernames.map((u) => sql`${u}`), sql`, `)})` : sql``;
  // A hash join for the derived tables (MariaDB's default join_cache_level 2 compares every mailbox
  // with every alias group: 7 s instead of 0.3 s at 10,000 mailboxes with an alias each).
  const [rows] = await db.execute(sql`
    SET STATEMENT join_cache_level = 4 FOR
    SELECT mailbox.username AS c_uid, mailbox.domain AS domain, mailbox.name AS c_cn,
      IFNULL(GROUP_CONCAT(ga.aliases ORDER BY ga.aliases SEPARATOR ' '), '') AS aliases,
      IFNULL((SELECT GROUP_CONCAT(mailbox.local_part, '@', ad.alias_domain SEPARATOR ' ') FROM alias_domain ad
        WHERE ad.target_domain = mailbox.domain), '') AS ad_aliases,
      IFNULL(external_acl.send_as_acl, '') AS ext_acl,
      mailbox.kind AS kind, mailbox.multiple_bookings AS multiple_bookings
    FROM mailbox
      LEFT OUTER JOIN (
        SELECT DISTINCT target.username, grouped.goto, grouped.aliases FROM (
          SELECT goto, IFNULL(GROUP_CONCAT(address ORDER BY address SEPARATOR ' '), '') AS aliases FROM alias
            WHERE address != goto AND active = '1' AND sogo_visible = '1' AND address NOT LIKE '@%'
            GROUP BY goto
        ) grouped,
        JSON_TABLE(CONCAT('["', REPLACE(REPLACE(REPLACE(grouped.goto, CHAR(92), CONCAT(CHAR(92), CHAR(92))), CHAR(34), CONCAT(CHAR(92), CHAR(34))), ',', '","'), '"]'),
          '$[*]' COLUMNS (username VARCHAR(255) PATH '$')) target
      ) ga ON ga.username = mailbox.username
      LEFT OUTER JOIN (
        SELECT logged_in_as AS username, IFNULL(GROUP_CONCAT(send_as SEPARATOR ' '), '') AS send_as_acl FROM sender_acl
          WHERE send_as NOT LIKE '@%' AND external = '1'
          GROUP BY logged_in_as
      ) external_acl ON external_acl.username = mailbox.username
    WHERE mailbox.active = '1' ${only}
    GROUP BY mailbox.username`);
  return (rows as unknown as Record<string, string | number | null>[]).map((r) => ({
    cUid: String(r.c_uid), domain: String(r.domain), cName: String(r.c_uid), cCn: r.c_cn === null ? null : String(r.c_cn),
    mail: String(r.c_uid), aliases: String(r.aliases), adAliases: String(r.ad_aliases), extAcl: String(r.ext_acl),
    kind: String(r.kind), multipleBookings: Number(r.multiple_bookings),
  }));
}

/**
 * A password nobody knows, in the scheme SOGo checks (`{SSHA256}`: sha256(password . salt) . salt):
 * SOGo may authenticate against this view, and must not let anyone in with it. (mailcow means to
 * do this but hashes an undefined variable, so every row it writes carries the same hash.)
 */
export function unusablePassword(): string {
  const salt = randomBytes(16);
  const digest = createHash('sha256').update(randomBytes(24)).update(salt).digest();
  return `{SSHA256}${Buffer.concat([digest, salt]).toString('base64')}`;
}

const CHUNK = 500;

export interface SogoViewSync {
  /** Rows written (inserted or brought up to date). */
  upserted: number;
  /** Rows removed because their mailbox is gone or not active ('1'). */
  deleted: number;
  cache: CacheOutcome;
}

/**
 * Brings `_sogo_static_view` up to date for these mailboxes (all when omitted): a row for each
 * active one, none for any other. New rows get an unusable random password; existing rows keep
 * theirs. Then SOGo's memcached is emptied, as mailcow does (a no-op unless SOGO_MEMCACHED is set).
 */
export async function syncSogoStaticView(deps: Pick<Deps, 'db' | 'env'>, usernames?: string[]): Promise<SogoViewSync> {
  const names = usernames ? [...new Set(usernames.map((u) => u.toLowerCase()))] : undefined;
  const rows = names?.length === 0 ? [] : await computeRows(deps.db, names);
  for (let i = 0; i < rows.length; i += CHUNK) {
    await retryOnDeadlock(() => deps.db.insert(sogoStaticView).values(rows.slice(i, i + CHUNK).map((r) => ({ ...r, cPassword: unusablePassword() })))
      .onDuplicateKeyUpdate({ set: {
        domain: sql`VALUES(\`domain\`)`, cName: sql`VALUES(\`c_name\`)`, cCn: sql`VALUES(\`c_cn\`)`, mail: sql`VALUES(\`mail\`)`,
        aliases: sql`VALUES(\`aliases\`)`, adAliases: sql`VALUES(\`ad_aliases\`)`, extAcl: sql`VALUES(\`ext_acl\`)`,
        kind: sql`VALUES(\`kind\`)`, multipleBookings: sql`VALUES(\`multiple_bookings\`)`,
      } }));
  }
  // As mailcow: whatever was asked for, no row of a mailbox that is not active stays. Found by a
  // plain read first: a DELETE with this subquery share-locks every mailbox row it reads, and
  // deadlocked with mailboxes being made at the same moment (a CSV import). The DELETE re-checks
  // each row it removes, so a mailbox switched on in between keeps its row.
  const gone = (await deps.db.select({ u: sogoStaticView.cUid }).from(sogoStaticView).where(notInArray(sogoStaticView.cUid,
    deps.db.select({ u: mailbox.username }).from(mailbox).where(eq(mailbox.active, 1))))).map((r) => r.u);
  let deleted = 0;
  for (let i = 0; i < gone.length; i += CHUNK) {
    const [result] = await retryOnDeadlock(() => deps.db.delete(sogoStaticView).where(and(inArray(sogoStaticView.cUid, gone.slice(i, i + CHUNK)),
      notExists(deps.db.select({ one: sql`1` }).from(mailbox).where(and(eq(mailbox.username, sogoStaticView.cUid), eq(mailbox.active, 1)))))));
    deleted += result.affectedRows;
  }
  return { upserted: rows.length, deleted, cache: await flushSogoCache(deps.env) };
}

// Who Postfix lets send as an address: mailcow's smtpd_sender_login_maps with
// reject_authenticated_sender_login_mismatch (reference 5.1). The query is mailcow's own, verbatim
// from data/Dockerfiles/postfix/postfix.sh (mysql_virtual_sender_acl.cf, mailcow 06424670fa5d), so
// the answer is Postfix's by construction; send-as.service.ts lists the same rights the other way
// round, and send-as.test.ts proves the two agree (and, where postmap is installed, that Postfix's
// own MySQL client gives the same owners).
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';

/**
 * `%s` is the address, `%d` its domain, `%u` its local part. Note the operator precedence of the
 * second SELECT: the `logged_in_as NOT IN (…)` only qualifies the last OR branch.
 */
export const MAILCOW_SENDER_ACL_QUERY = `SELECT goto FROM alias
  WHERE id IN (
      SELECT COALESCE (
        (
          SELECT id FROM alias
            WHERE address='%s'
            AND (active='1' OR active='2')
            AND sender_allowed='1'
        ), (
          SELECT id FROM alias
            WHERE address='@%d'
            AND (active='1' OR active='2')
            AND sender_allowed='1'
        )
      )
    )
    AND active='1'
    AND sender_allowed='1'
    AND (domain IN
      (SELECT domain FROM domain
        WHERE domain='%d'
          AND active='1')
      OR domain in (
        SELECT alias_domain FROM alias_domain
          WHERE alias_domain='%d'
            AND active='1'
      )
    )
  UNION
  SELECT logged_in_as FROM sender_acl
    WHERE send_as='@%d'
      OR send_as='%s'
      OR send_as='*'
      OR send_as IN (
        SELECT CONCAT('@',target_domain) FROM alias_domain
          WHERE alias_domain = '%d')
      OR send_as IN (
        SELECT CONCAT('%u','@',target_domain) FROM alias_domain
          WHERE alias_domain = '%d')
      AND logged_in_as NOT IN (
        SELECT goto FROM alias
          WHERE address='%s')
  UNION
  SELECT username FROM mailbox, alias_domain
    WHERE alias_domain.alias_domain = '%d'
      AND mailbox.username = CONCAT('%u','@',alias_domain.target_domain)
      AND (mailbox.active = '1' OR mailbox.active ='2')
      AND alias_domain.active='1'`;

/** mailcow's main.cf: `recipient_delimiter = +`. */
const RECIPIENT_DELIMITER = '+';

/**
 * The query with Postfix's expansions bound as parameters (Postfix quotes them with
 * mysql_real_escape_string; a bound parameter is the same literal). Postfix skips the query, and
 * finds nothing, when the key has no domain or an empty local part (src/global/db_common.c).
 */
function boundQuery(address: string): SQL | null {
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) return null;
  const value = { '%s': address, '@%d': `@${address.slice(at + 1)}`, '%d': address.slice(at + 1), '%u': address.slice(0, at) };
  const parts = MAILCOW_SENDER_ACL_QUERY.split(/'(%s|@%d|%d|%u)'/);
  return sql.join(parts.map((part, i) => (i % 2 === 0 ? sql.raw(part) : sql`${value[part as keyof typeof value]}`)));
}

/** One table lookup: the owners Postfix reads for exactly this key (goto lists split as smtpd does). */
export async function lookupSenderOwners(db: Db, key: string): Promise<string[]> {
  const query = boundQuery(key.toLowerCase());
  if (!query) return [];
  const [rows] = await db.execute(query);
  return (rows as unknown as Record<string, string>[])
    .flatMap((row) => String(Object.values(row)[0] ?? '').split(/[,\s]+/))
    .filter((name) => name !== '');
}

/** Postfix's split_addr for `+`: `l+ext@d` → `l@d`; never postmaster/MAILER-DAEMON or an empty local part. */
export function stripExtension(address: string): string | null {
  const at = address.lastIndexOf('@');
  const local = at < 0 ? address : address.slice(0, at);
  if (/^(postmaster|mailer-daemon)$/i.test(local)) return null;
  const cut = local.indexOf(RECIPIENT_DELIMITER);
  if (cut <= 0) return null;
  return local.slice(0, cut) + (at < 0 ? '' : address.slice(at));
}

/**
 * The owners smtpd finds for a MAIL FROM (mail_addr_find, src/global/mail_addr_find.c): the full
 * address, and only if that finds nothing, the address without its `+extension`. The `@domain`
 * and local-part-only lookups that follow never match here: the query needs both %u and %d.
 */
export async function postfixSenderOwners(db: Db, address: string): Promise<string[]> {
  const full = await lookupSenderOwners(db, address);
  if (full.length > 0) return full;
  const bare = stripExtension(address.toLowerCase());
  return bare ? lookupSenderOwners(db, bare) : [];
}

/** Would Postfix accept this MAIL FROM from this SASL login? (strcasecmp, src/smtpd/smtpd_check.c) */
export async function maySendAs(db: Db, username: string, address: string): Promise<boolean> {
  const login = username.toLowerCase();
  return (await postfixSenderOwners(db, address)).some((owner) => owner.toLowerCase() === login);
}

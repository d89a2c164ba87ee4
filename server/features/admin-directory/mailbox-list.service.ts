// The admin mailbox list: mailcow's mailbox rows in the actor's domain scope, with Dovecot's usage
// (quota2) joined on the primary key and the last sign-ins from sasl_log read in one grouped query
// for the page's addresses. Keyset paging on (sort key, username), so a deep page costs what the
// first does; no index is added to mailcow's tables (bench/admin-mailboxes.ts measures each sort).
import { and, asc, desc, eq, gt, inArray, like, lt, max, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { saslLog } from '../../../db/schema/audit.ts';
import { cowbellMailboxSort as sorted } from '../../../db/schema/cowbell.ts';
import { mailbox, quota2 } from '../../../db/schema/mail.ts';
import type { Deps } from '../../deps.ts';
import type { Actor } from '../../lib/authz/actor.ts';
import { domainScope } from '../../lib/authz/domain-scope.ts';
import { authorize } from '../../lib/authz/policy.ts';
import { likeContaining } from '../../lib/sql-like.ts';
import { effectiveRateLimits } from '../../mailcow/ratelimit.service.ts';
import type { LastLogins, MailboxPage, MailboxQuery } from './directory.schema.ts';
import { encodeCursor, type MailboxSort } from './mailbox-cursor.ts';

/**
 * Across domains, name, quota and use are read from Cowbell's copy (server/mailcow/mailbox-sort-copy.ts), whose
 * indexes keep the order; within one domain, mailcow's domain index narrows the rows to sort.
 */
const INDEXED_KEYS: Partial<Record<MailboxSort, { key: SQL; index: string }>> = {
  name: { key: sql`${sorted.name}`, index: 'cowbell_ms_name' },
  quota: { key: sql`${sorted.quota}`, index: 'cowbell_ms_quota' },
  used: { key: sql`${sorted.bytes}`, index: 'cowbell_ms_bytes' },
};

const SORT_KEYS: Record<MailboxSort, SQL> = {
  username: sql`${mailbox.username}`,
  domain: sql`${mailbox.domain}`,
  name: sql`COALESCE(${mailbox.name}, '')`,
  quota: sql`${mailbox.quota}`,
  used: sql`COALESCE(${quota2.bytes}, 0)`,
};

/** sasl_log services shown per column (mailcow's mailbox_details reads imap, pop3, smtp and SSO). */
const SERVICES: Record<string, keyof LastLogins> = { imap: 'imap', pop3: 'pop3', smtp: 'smtp', SSO: 'web', SOGO: 'web' };

/** Rows after the cursor in the page's order: (key, username) beyond (value, address). */
function after(query: MailboxQuery, key: SQL, username: typeof mailbox.username | typeof sorted.username): SQL | undefined {
  const c = query.after;
  if (!c) return undefined;
  const beyond = query.dir === 'asc' ? gt : lt;
  if (query.sort === 'username') return beyond(username, c.username);
  return or(beyond(key, c.value), and(eq(key, c.value), beyond(username, c.username)));
}

export async function listMailboxes(deps: Pick<Deps, 'db' | 'redis'>, actor: Actor, query: MailboxQuery): Promise<MailboxPage> {
  const { db } = deps;
  await authorize(db, actor, { do: 'directory.read' });
  const scope = await domainScope(db, actor);
  if (!scope.all && scope.domains.length === 0) return { items: [], nextCursor: null };
  const pattern = query.q ? likeContaining(query.q) : null;
  const order = query.dir === 'asc' ? asc : desc;
  const copy = query.domain ? undefined : INDEXED_KEYS[query.sort];
  const viaCopy = copy !== undefined;
  const key = copy ? copy.key : SORT_KEYS[query.sort];
  const username = viaCopy ? sorted.username : mailbox.username;
  const fields = {
    username: mailbox.username, name: mailbox.name, domain: mailbox.domain, active: mailbox.active, quota: mailbox.quota,
    bytes: quota2.bytes, messages: quota2.messages, key: sql<string | number>`${key}`.mapWith(query.sort === 'quota' || query.sort === 'used' ? Number : String),
  };
  const where = and(
    eq(mailbox.kind, ''),
    scope.all ? undefined : inArray(mailbox.domain, scope.domains),
    // Narrows the scope above, never widens it: a domain outside it finds nothing.
    query.domain ? eq(mailbox.domain, query.domain) : undefined,
    query.state === undefined ? undefined : eq(mailbox.active, query.state),
    pattern ? or(like(mailbox.username, pattern), like(mailbox.name, pattern)) : undefined,
    after(query, key, username),
  );
  const orderBy = query.sort === 'username' ? [order(mailbox.username)] : [order(key), order(username)];
  const rows = viaCopy
    // Walks the copy's index in order, each row joined to mailcow's by its primary key, until a page
    // is full. Forced: left to itself, MariaDB read every mailbox and sorted them (15 s at 100,000).
    ? await db.select(fields).from(sorted, { forceIndex: copy.index }).innerJoin(mailbox, eq(mailbox.username, sorted.username))
      .leftJoin(quota2, eq(quota2.username, mailbox.username)).where(where).orderBy(...orderBy).limit(query.limit + 1)
    : await db.select(fields)
      // kind = '' holds for nearly every row, so its index only costs: MariaDB would intersect it with
      // the domain index (reading all 100,000 entries) or walk it instead of the primary key (measured).
      .from(mailbox, { ignoreIndex: 'kind' })
      .leftJoin(quota2, eq(quota2.username, mailbox.username)).where(where).orderBy(...orderBy).limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const logins = await lastLogins(db, page.map((r) => r.username));
  const limits = await effectiveRateLimits(deps.redis, page.map((r) => ({ username: r.username, domain: r.domain.toLowerCase() })));
  const items = page.map((r) => ({
    username: r.username, name: r.name ?? '', domain: r.domain.toLowerCase(), active: Number(r.active) as 0 | 1 | 2,
    quota: Number(r.quota), bytes: Number(r.bytes ?? 0), messages: Number(r.messages ?? 0),
    lastLogin: logins.get(r.username.toLowerCase()) ?? { imap: null, pop3: null, smtp: null, web: null },
    rateLimit: limits.get(r.username) ?? null,
  }));
  const last = page[page.length - 1];
  return { items, nextCursor: rows.length > query.limit ? encodeCursor(query.sort, query.dir, { value: last.key, username: last.username }) : null };
}

/** The latest sign-in per service for these addresses: one grouped query on sasl_log's username index. */
async function lastLogins(db: Db, usernames: string[]): Promise<Map<string, LastLogins>> {
  const out = new Map<string, LastLogins>();
  if (usernames.length === 0) return out;
  const rows = await db.select({ username: saslLog.username, service: saslLog.service, at: max(saslLog.datetime) }).from(saslLog)
    .where(and(inArray(saslLog.username, usernames), inArray(saslLog.service, Object.keys(SERVICES))))
    .groupBy(saslLog.username, saslLog.service);
  for (const r of rows) {
    const user = r.username.toLowerCase();
    const entry = out.get(user) ?? { imap: null, pop3: null, smtp: null, web: null };
    const column = SERVICES[r.service] ?? SERVICES[r.service.toLowerCase()];
    if (column && r.at && (entry[column] === null || r.at > entry[column]!)) entry[column] = r.at;
    out.set(user, entry);
  }
  return out;
}

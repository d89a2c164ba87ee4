// mailcow's mailbox_details (functions.mailbox.inc.php, `mailbox('get', 'mailbox_details')`): what
// its API answers for get/mailbox. mailcow asks a dozen queries per mailbox; here each part is one
// set-based query over every mailbox asked for (usage, last logins, time-limited aliases, Pushover,
// the domain's use, sender ACL, tags, rate limits), so 10,000 mailboxes cost what 10 do, give or take
// the rows. The actor sees only mailboxes of domains it administers (hasMailboxObjectAccess).
//
// The mailboxes themselves are read as a stream and answered a page at a time: a list of 10,000 is
// 14 MB of JSON, and holding every row, every answer object and the whole text at once cost more in
// garbage collection than the rest of the work (and blocked the event loop for the whole list).
import { sql, type SQL } from 'drizzle-orm';
import { MySqlDialect } from 'drizzle-orm/mysql-core';
import type { Readable } from 'node:stream';
import type { Pool as CorePool } from 'mysql2';
import type { Deps } from '../deps.ts';
import type { Actor } from '../lib/authz/actor.ts';
import { domainScope } from '../lib/authz/domain-scope.ts';
import { likeContaining } from '../lib/sql-like.ts';
import { parseRateLimit, rateLimitReader } from './ratelimit.service.ts';

const MIB = 1048576;
/** sasl_log services mailbox_details reports, by its field names. */
const LOGINS = { imap: 'last_imap_login', smtp: 'last_smtp_login', pop3: 'last_pop3_login', SSO: 'last_sso_login' } as const;

/** Rows per page: a page's JSON stays under V8's large-object size (~90 KB), so it dies young. */
export const DETAILS_PAGE = 64;

export type MailboxSelection = { all: true } | { domains: string[] } | { username: string };

type Row = Record<string, unknown>;
/** MariaDB's ER_NO_SUCH_TABLE (1146). */
const noSuchTable = (e: unknown) => ((e as { cause?: { errno?: number }; errno?: number }).cause?.errno ?? (e as { errno?: number }).errno) === 1146;
const dialect = new MySqlDialect();
const list = (names: string[]) => sql.join(names.map((n) => sql`${n}`), sql`, `);

/** A stored rate limit as mailcow's details answer it: {value, frame} with the value a string, or false. */
export function mailcowRateLimit(raw: string | null | undefined): false | { value: string; frame: string } {
  const limit = parseRateLimit(raw);
  return limit ? { value: String(limit.value), frame: limit.frame } : false;
}

/** PHP's round(): half away from zero. */
const phpRound = (n: number) => Math.sign(n) * Math.round(Math.abs(n));

/**
 * The query's rows a page at a time, as MariaDB sends them; the connection is paused while a page is
 * being answered. (Iterating the row stream itself would cost a promise and a tick per row.)
 */
async function* streamPages(deps: Pick<Deps, 'db'>, query: SQL): AsyncGenerator<Row[]> {
  const { sql: text, params } = dialect.sqlToQuery(query);
  const core = (deps.db as unknown as { $client: { pool: CorePool } }).$client.pool;
  const rows: Readable = core.query({ sql: text, values: params }).stream({ highWaterMark: DETAILS_PAGE });
  let page: Row[] = [];
  let ended = false;
  let failed: unknown = null;
  let wake: (() => void) | null = null;
  const poke = () => { wake?.(); wake = null; };
  rows.on('data', (row: Row) => {
    page.push(row);
    if (page.length >= DETAILS_PAGE) { rows.pause(); poke(); }
  });
  rows.once('end', () => { ended = true; poke(); });
  rows.once('error', (e) => { failed = e; poke(); });
  try {
    for (;;) {
      if (failed) throw failed;
      if (page.length >= DETAILS_PAGE || (ended && page.length > 0)) {
        const full = page;
        page = [];
        yield full;
        rows.resume();
        continue;
      }
      if (ended) return;
      await new Promise<void>((resolve) => { wake = resolve; });
    }
  } finally {
    // Left early (the client went away): mysql2 reads the rest off the connection and returns it to the pool.
    if (!ended) rows.destroy();
  }
}

/**
 * The mailboxes selected, in mailcow's order (domain, then address), as mailbox_details answers
 * them, a page (up to DETAILS_PAGE) at a time; `reduced` leaves out what get/mailbox/reduced leaves
 * out. Mailboxes outside the actor's domains are simply not there.
 */
export async function* mailboxDetailPages(deps: Pick<Deps, 'db' | 'redis' | 'now'>, actor: Actor, selection: MailboxSelection,
  opts: { reduced?: boolean; tags?: string[] } = {}): AsyncGenerator<Row[]> {
  if (actor.role !== 'admin' && actor.role !== 'domain_admin') return;
  const scope = await domainScope(deps.db, actor);
  const conds: SQL[] = [sql`m.kind = ''`];
  // The domains whose mailboxes are asked for; null: every domain (an admin's get/mailbox/all).
  let domains: string[] | null = scope.all ? null : scope.domains;
  if (domains && domains.length === 0) return;
  if ('domains' in selection) {
    const wanted = selection.domains.map((d) => d.trim().toLowerCase()).filter(Boolean);
    domains = domains ? wanted.filter((d) => domains!.includes(d)) : wanted;
    if (domains.length === 0) return;
  }
  if (domains) conds.push(sql`m.domain IN (${list(domains)})`);
  if ('username' in selection) conds.push(sql`m.username = ${selection.username}`);
  // mailcow's ?tags=: mailboxes with a tag containing any of them (its LIKE '%tag%').
  const tagFilter = (opts.tags ?? []).filter((t) => t !== '');
  if (tagFilter.length > 0) {
    conds.push(sql`m.username IN (SELECT t.username COLLATE utf8mb4_unicode_ci FROM tags_mailbox t
      WHERE ${sql.join(tagFilter.map((t) => sql`t.tag_name LIKE ${likeContaining(t)}`), sql` OR `)})`);
  }
  const where = sql.join(conds, sql` AND `);
  // The selection without `m.kind = ''`: what an index of mailbox answers without reading its rows.
  const addresses = conds.length > 1 ? sql.join(conds.slice(1), sql` AND `) : sql`1 = 1`;
  // kind = '' holds for nearly every row: MariaDB would intersect its index with the domain's (measured slower).
  const selected = sql`mailbox m IGNORE INDEX (kind)`;
  // Tables without an index on the address (spamalias.goto, sender_acl.logged_in_as) or with few rows are read once, narrowed by domain.
  const owner = (column: SQL) => ('username' in selection ? sql`${column} = ${selection.username}`
    : domains ? sql`SUBSTRING_INDEX(${column}, '@', -1) IN (${list(domains)})` : sql`1 = 1`);
  const q = async (query: SQL) => (await deps.db.execute(query))[0] as unknown as Row[];
  const full = !opts.reduced;
  const none = Promise.resolve([] as Row[]);

  const noTags = (e: unknown) => (tagFilter.length > 0 && noSuchTable(e) ? [] : Promise.reject(e));
  // Everything a mailbox's answer needs besides its own row, first: then each row is answered as it arrives.
  const [saslRows, tagRows, spamRows, pushRows, senderRows, usedRows] = await Promise.all([
    // Every sign-in row of the selection's addresses, the latest picked here: MariaDB's GROUP BY (a temporary
    // table) and a kind check (a read of each mailbox's row; the domain index holds the address) cost more
    // than the few rows they spare. Addresses of another kind are never answered, so their rows do no harm.
    q(sql`SELECT s.username, s.service, UNIX_TIMESTAMP(s.datetime) AS at FROM ${selected} JOIN sasl_log s ON s.username = m.username
      WHERE ${addresses} AND s.service IN ('imap', 'smtp', 'pop3', 'SSO')`).catch(noTags),
    // tags_mailbox may carry the server's default collation rather than mailcow's other tables' (a comparison across the two is
    // refused); standalone mode has no such table at all (asked, not looked up first: one round trip less on every list).
    q(sql`SELECT t.username, t.tag_name FROM ${selected} JOIN tags_mailbox t ON t.username COLLATE utf8mb4_unicode_ci = m.username
      WHERE ${addresses} ORDER BY t.tag_name`).catch((e: unknown) => (noSuchTable(e) ? [] : Promise.reject(e))),
    full ? q(sql`SELECT goto, COUNT(*) AS n FROM spamalias WHERE ${owner(sql`goto`)}
      AND (validity >= ${Math.floor(deps.now() / 1000)} OR permanent != 0) GROUP BY goto`) : none,
    // pushover holds the few mailboxes that use it: read it, rather than look each mailbox up in it.
    full ? q(sql`SELECT username FROM pushover WHERE ${owner(sql`username`)} AND active = 1`) : none,
    full ? q(sql`SELECT logged_in_as, send_as FROM sender_acl WHERE ${owner(sql`logged_in_as`)} AND external = 0 ORDER BY id`) : none,
    // What the domains' mailboxes take together (max_new_quota leaves the mailbox's own out), as mailcow sums it.
    full ? q(sql`SELECT domain, COALESCE(SUM(quota), 0) AS used, COUNT(*) AS n FROM mailbox IGNORE INDEX (kind) WHERE kind = '' AND ${
      'username' in selection || tagFilter.length > 0 ? sql`domain IN (SELECT m.domain FROM ${selected} WHERE ${where})`
        : domains ? sql`domain IN (${list(domains)})` : sql`1 = 1`} GROUP BY domain`) : none,
  ]);
  const by = <T>(found: Row[], key: string, value: (r: Row) => T) => new Map(found.map((r) => [String(r[key]).toLowerCase(), value(r)]));
  const group = (found: Row[], key: string, value: string) => {
    const out = new Map<string, string[]>();
    for (const r of found) {
      const u = String(r[key]).toLowerCase();
      const had = out.get(u);
      if (had) had.push(String(r[value]));
      else out.set(u, [String(r[value])]);
    }
    return out;
  };
  const logins = new Map<string, Record<string, number>>();
  for (const r of saslRows) {
    const u = String(r.username).toLowerCase();
    const field = LOGINS[r.service as keyof typeof LOGINS];
    const seen = logins.get(u);
    if (!seen) logins.set(u, { [field]: Number(r.at) });
    else if (!(Number(r.at) <= seen[field])) seen[field] = Number(r.at);
  }
  const tags = group(tagRows, 'username', 'tag_name');
  const spam = by(spamRows, 'goto', (r) => Number(r.n));
  const pushover = by(pushRows, 'username', () => 1);
  const senders = group(senderRows, 'logged_in_as', 'send_as');
  const inUse = by(usedRows, 'domain', (r) => Number(r.used));
  // The list's length is not known before its rows come; its domains' mailbox count bounds it.
  const rateLimits = full ? await rateLimitReader(deps.redis, 'username' in selection ? 1 : usedRows.reduce((n, r) => n + Number(r.n), 0)) : null;

  const answer = async (page: Row[]): Promise<Row[]> => {
    const rl = rateLimits ? await rateLimits(page.map((r) => ({ username: String(r.username), domain: String(r.domain) }))) : new Map();
    return page.map((r) => {
      const u = String(r.username).toLowerCase();
      const quota = Number(r.quota);
      const bytes = Number(r.bytes);
      const percent = quota === 0 ? '- ' : phpRound((bytes / quota) * 100);
      // Nearly every mailbox has none: '{}' is answered without a parse (1,000 of them are a list's worth).
      const customText = String(r.custom_attributes ?? '{}');
      const custom = customText === '{}' ? {} : JSON.parse(customText) as Record<string, unknown>;
      const login = logins.get(u);
      const limit = full ? rl.get(String(r.username)) : undefined;
      // One literal, every key in mailcow's order: rows that share a hidden class are what JSON.stringify
      // writes fastest (a spread and Object.assign cost a list of 1,000 about a millisecond each way).
      // get/mailbox/reduced leaves the last seven out: undefined, they are not written.
      const out: Row = {
        username: r.username, active: Number(r.active), active_int: Number(r.active), domain: r.domain, name: r.name, local_part: r.local_part,
        quota, messages: Number(r.messages), attributes: r.attributes === null ? null : JSON.parse(String(r.attributes)),
        // PHP's json_decode(…, true) makes {} an empty array, which json_encode writes as [].
        custom_attributes: custom && typeof custom === 'object' && Object.keys(custom).length === 0 ? [] : custom,
        quota_used: bytes, percent_in_use: percent, created: r.created, modified: r.modified, authsource: r.authsource || 'mailcow',
        percent_class: typeof percent === 'string' ? 'info' : percent >= 90 ? 'danger' : percent >= 75 ? 'warning' : 'success',
        last_imap_login: login?.last_imap_login ?? 0, last_smtp_login: login?.last_smtp_login ?? 0,
        last_pop3_login: login?.last_pop3_login ?? 0, last_sso_login: login?.last_sso_login ?? 0,
        max_new_quota: full ? Math.min(Number(r.dquota) * MIB - ((inUse.get(String(r.domain).toLowerCase()) ?? 0) - quota), Number(r.dmax) * MIB) : undefined,
        spam_aliases: full ? spam.get(u) ?? 0 : undefined,
        pushover_active: full ? (pushover.has(u) ? 1 : 0) : undefined,
        rl: full ? (limit ? { value: String(limit.value), frame: limit.frame } : false) : undefined,
        rl_scope: full ? limit?.scope ?? 'domain' : undefined,
        is_relayed: full ? Number(r.backupmx) : undefined,
        sender_acl: full ? senders.get(u) ?? [] : undefined,
      };
      // mailcow sets `tags` only when there are some.
      if (tags.has(u)) out.tags = tags.get(u);
      return out;
    });
  };

  try {
    for await (const page of streamPages(deps, sql`SELECT m.username, m.active, m.domain, m.name, m.local_part, m.quota, q.messages, m.attributes,
        m.custom_attributes, q.bytes, m.created, m.modified, m.authsource, d.backupmx, d.maxquota AS dmax, d.quota AS dquota
      FROM ${selected} JOIN quota2 q ON q.username = m.username JOIN domain d ON d.domain = m.domain
      WHERE ${where} ORDER BY m.domain, m.username`)) {
      yield await answer(page);
    }
  } catch (e) {
    if (tagFilter.length > 0 && noSuchTable(e)) return;
    throw e;
  }
}

/** Every page of mailboxDetailPages, as one list. */
export async function mailboxDetails(deps: Pick<Deps, 'db' | 'redis' | 'now'>, actor: Actor, selection: MailboxSelection,
  opts: { reduced?: boolean; tags?: string[] } = {}): Promise<Row[]> {
  const all: Row[] = [];
  for await (const page of mailboxDetailPages(deps, actor, selection, opts)) all.push(...page);
  return all;
}

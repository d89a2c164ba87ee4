// mailcow's alias_details and alias_domain_details (functions.mailbox.inc.php): what its API answers
// for get/alias and get/alias-domain, one query per list instead of one per row. The actor sees the
// aliases and alias domains of the domains it administers (hasDomainAccess), nothing else.
import { sql, type SQL } from 'drizzle-orm';
import type { Deps } from '../deps.ts';
import type { Actor } from '../lib/authz/actor.ts';
import { domainScope, inScope, scopeDomains, type DomainScope } from '../lib/authz/domain-scope.ts';
import { mailcowKeys } from '../lib/redis-keys.ts';
import { mailcowRateLimit } from './mailbox-details.ts';

type Row = Record<string, unknown>;
const list = (names: string[]) => sql.join(names.map((n) => sql`${n}`), sql`, `);

async function scopeOf(deps: Deps, actor: Actor): Promise<DomainScope | null> {
  if (actor.role !== 'admin' && actor.role !== 'domain_admin') return null;
  return domainScope(deps.db, actor);
}

const aliasRow = (r: Row): Row => ({
  in_primary_domain: r.target ?? '', id: Number(r.id), domain: r.domain, public_comment: r.public_comment, private_comment: r.private_comment,
  goto: r.goto, address: r.address, is_catch_all: String(r.address).startsWith('@') ? 1 : 0, internal: Number(r.internal),
  active: Number(r.active), active_int: Number(r.active), sogo_visible: Number(r.sogo_visible), sogo_visible_int: Number(r.sogo_visible),
  sender_allowed: Number(r.sender_allowed), created: r.created, modified: r.modified,
});

const ALIAS_COLUMNS = sql`a.id, a.domain, a.goto, a.address, a.public_comment, a.private_comment, a.internal, a.active, a.sogo_visible,
  a.sender_allowed, a.created, a.modified, ad.target_domain AS target`;

/**
 * Aliases (not mailboxes' own rows) in mailcow's order: `domains` as given, or every domain in scope
 * then every alias domain, each by name; within a domain by id.
 */
export async function aliasList(deps: Deps, actor: Actor, domains?: string[]): Promise<Row[]> {
  const scope = await scopeOf(deps, actor);
  if (!scope) return [];
  const q = async (query: SQL) => (await deps.db.execute(query))[0] as unknown as Row[];
  let where: SQL;
  let order: SQL;
  if (domains) {
    const wanted = [...new Set(domains.map((d) => d.trim().toLowerCase()).filter((d) => d !== '' && inScope(scope, d)))];
    if (wanted.length === 0) return [];
    where = sql`a.domain IN (${list(wanted)})`;
    order = sql`FIELD(a.domain, ${list(wanted)}), a.id`;
  } else {
    const known = sql`(a.domain IN (SELECT domain FROM domain) OR ad.alias_domain IS NOT NULL)`;
    where = scope.all ? known : scope.domains.length > 0 ? sql`${known} AND a.domain IN (${list(scopeDomains(scope))})` : sql`1 = 0`;
    order = sql`ad.alias_domain IS NOT NULL, a.domain, a.id`;
  }
  const rows = await q(sql`SELECT ${ALIAS_COLUMNS} FROM alias a LEFT JOIN alias_domain ad ON ad.alias_domain = a.domain
    WHERE a.address != a.goto AND ${where} ORDER BY ${order}`);
  return rows.map(aliasRow);
}

/** One alias by id or address, if the actor administers its domain; null otherwise. */
export async function aliasDetails(deps: Deps, actor: Actor, idOrAddress: string): Promise<Row | null> {
  const scope = await scopeOf(deps, actor);
  if (!scope) return null;
  const key = idOrAddress.trim();
  const match = /^\d+$/.test(key) ? sql`a.id = ${Number(key)}` : sql`a.address = ${key.toLowerCase()}`;
  const [row] = (await deps.db.execute(sql`SELECT ${ALIAS_COLUMNS} FROM alias a LEFT JOIN alias_domain ad ON ad.alias_domain = a.domain
    WHERE ${match} AND a.address != a.goto LIMIT 1`))[0] as unknown as Row[];
  return row && inScope(scope, String(row.domain)) ? aliasRow(row) : null;
}

/** Alias domains (all in scope, or one by name), by name, as alias_domain_details answers them. */
export async function aliasDomainDetails(deps: Deps, actor: Actor, name?: string): Promise<Row[]> {
  const scope = await scopeOf(deps, actor);
  if (!scope) return [];
  const conds: SQL[] = [];
  if (!scope.all) conds.push(scope.domains.length > 0 ? sql`ad.target_domain IN (${list(scope.domains)})` : sql`1 = 0`);
  if (name !== undefined) conds.push(sql`ad.alias_domain = ${name.trim().toLowerCase()}`);
  const rows = (await deps.db.execute(sql`SELECT ad.alias_domain, ad.target_domain, ad.active, ad.created, ad.modified, d.backupmx
    FROM alias_domain ad LEFT JOIN domain d ON d.domain = ad.target_domain
    WHERE ${conds.length > 0 ? sql.join(conds, sql` AND `) : sql`1 = 1`} ORDER BY ad.alias_domain`))[0] as unknown as Row[];
  if (rows.length === 0) return [];
  const rl = await deps.redis.hmget(mailcowKeys.rateLimits, ...rows.map((r) => String(r.alias_domain)));
  return rows.map((r, i) => ({
    alias_domain: r.alias_domain, parent_is_backupmx: r.backupmx === null ? null : Number(r.backupmx), target_domain: r.target_domain,
    active: Number(r.active), active_int: Number(r.active), rl: mailcowRateLimit(rl[i]), created: r.created, modified: r.modified,
  }));
}

// mailcow's domain_details (functions.mailbox.inc.php, `mailbox('get', 'domain_details')`): what its
// API answers for get/domain. mailcow asks six queries per domain; here each part is one grouped
// query over every domain asked for. The actor sees only the domains it administers
// (hasDomainAccess); an alias domain asked for by name answers its target, as in mailcow.
import { domainToUnicode } from 'node:url';
import { sql, type SQL } from 'drizzle-orm';
import type { Deps } from '../deps.ts';
import type { Actor } from '../lib/authz/actor.ts';
import { domainScope, inScope } from '../lib/authz/domain-scope.ts';
import { mailcowKeys } from '../lib/redis-keys.ts';
import { mailcowRateLimit } from './mailbox-details.ts';

const MIB = 1048576;
type Row = Record<string, unknown>;

export type DomainSelection = { all: true } | { name: string };

const list = (names: string[]) => sql.join(names.map((n) => sql`${n}`), sql`, `);

/** The domains selected, in mailcow's order (by name), as domain_details answers them; none outside the actor's scope. */
export async function domainDetails(deps: Deps, actor: Actor, selection: DomainSelection): Promise<Row[]> {
  if (actor.role !== 'admin' && actor.role !== 'domain_admin') return [];
  const scope = await domainScope(deps.db, actor);
  const q = async (query: SQL) => (await deps.db.execute(query))[0] as unknown as Row[];
  let where: SQL;
  if ('name' in selection) {
    const asked = selection.name.trim().toLowerCase();
    if (!inScope(scope, asked)) return [];
    const [target] = await q(sql`SELECT target_domain FROM alias_domain WHERE alias_domain = ${asked}`);
    where = sql`d.domain = ${target ? String(target.target_domain) : asked}`;
  } else {
    where = scope.all ? sql`1 = 1` : scope.domains.length > 0 ? sql`d.domain IN (${list(scope.domains)})` : sql`1 = 0`;
  }
  const rows = await q(sql`SELECT d.* FROM domain d WHERE ${where} ORDER BY d.domain`);
  if (rows.length === 0) return [];
  const names = rows.map((r) => String(r.domain));
  const by = (found: Row[]) => new Map(found.map((r) => [String(r.d).toLowerCase(), r]));

  const mailboxes = by(await q(sql`SELECT domain AS d, COUNT(username) AS n, COALESCE(SUM(quota), 0) AS in_use FROM mailbox
    WHERE kind = '' AND domain IN (${list(names)}) GROUP BY domain`));
  // mailcow sums quota2 over every mailbox row of the domain, resources included.
  const usage = by(await q(sql`SELECT m.domain AS d, SUM(q.bytes) AS bytes, SUM(q.messages) AS msgs FROM quota2 q
    JOIN mailbox m ON m.username = q.username WHERE m.domain IN (${list(names)}) GROUP BY m.domain`));
  // Aliases of the domain and of its alias domains whose address is no mailbox.
  const aliases = by(await q(sql`SELECT COALESCE(ad.target_domain, a.domain) AS d, COUNT(a.address) AS n FROM alias a
    LEFT JOIN alias_domain ad ON ad.alias_domain = a.domain
    WHERE (a.domain IN (${list(names)}) OR ad.target_domain IN (${list(names)}))
      AND NOT EXISTS (SELECT 1 FROM mailbox m WHERE m.username = a.address) GROUP BY COALESCE(ad.target_domain, a.domain)`));
  const admins = actor.role === 'admin'
    ? by(await q(sql`SELECT domain AS d, GROUP_CONCAT(username ORDER BY id SEPARATOR ', ') AS names FROM domain_admins
        WHERE domain IN (${list(names)}) GROUP BY domain`))
    : new Map<string, Row>();
  const tags = new Map<string, string[]>();
  for (const r of await q(sql`SELECT domain AS d, tag_name FROM tags_domain WHERE domain IN (${list(names)})`)) {
    const d = String(r.d).toLowerCase();
    tags.set(d, [...(tags.get(d) ?? []), String(r.tag_name)]);
  }
  const rl = await deps.redis.hmget(mailcowKeys.rateLimits, ...names);

  return rows.map((r, i) => {
    const d = String(r.domain).toLowerCase();
    const m = mailboxes.get(d);
    const u = usage.get(d);
    const count = Number(m?.n ?? 0);
    const inUse = Number(m?.in_use ?? 0);
    const maxNew = Math.min(Number(r.quota) * MIB - inUse, Number(r.maxquota) * MIB);
    const aliasCount = Number(aliases.get(d)?.n ?? 0);
    const flag = (name: string) => Number(r[name]);
    const out: Row = {
      max_new_mailbox_quota: maxNew, def_new_mailbox_quota: Math.min(maxNew, Number(r.defquota) * MIB),
      // PDO hands SUM() over as a string, and mailcow passes it on as it is; an empty sum becomes 0.
      quota_used_in_domain: String(inUse),
      bytes_total: u && Number(u.bytes) ? String(u.bytes) : 0, msgs_total: u && Number(u.msgs) ? String(u.msgs) : 0,
      mboxes_in_domain: count, mboxes_left: Number(r.mailboxes) - count, domain_name: r.domain, domain_h_name: domainToUnicode(String(r.domain)) || r.domain,
      description: r.description, max_num_aliases_for_domain: Number(r.aliases), max_num_mboxes_for_domain: Number(r.mailboxes),
      def_quota_for_mbox: Number(r.defquota) * MIB, max_quota_for_mbox: Number(r.maxquota) * MIB, max_quota_for_domain: Number(r.quota) * MIB,
      relayhost: String(r.relayhost), backupmx: flag('backupmx'), backupmx_int: flag('backupmx'), gal: flag('gal'), gal_int: flag('gal'),
      rl: mailcowRateLimit(rl[i]), active: flag('active'), active_int: flag('active'),
      relay_all_recipients: flag('relay_all_recipients'), relay_all_recipients_int: flag('relay_all_recipients'),
      relay_unknown_only: flag('relay_unknown_only'), relay_unknown_only_int: flag('relay_unknown_only'),
      created: r.created, modified: r.modified, aliases_in_domain: aliasCount, aliases_left: Number(r.aliases) - aliasCount,
    };
    // Only admins see who administers the domain.
    if (actor.role === 'admin') out.domain_admins = admins.get(d)?.names ?? '-';
    if (tags.has(d)) out.tags = tags.get(d);
    return out;
  });
}

// mailcow's domain_admin('details') (functions.domain_admin.inc.php): what its API answers for
// get/domain-admin, from the domain admin service's view plus the domains not assigned. Admins only,
// as in mailcow (anyone else is refused by the service).
import { asc } from 'drizzle-orm';
import { domain } from '../../db/schema/mail.ts';
import type { Deps } from '../deps.ts';
import type { Actor } from '../lib/authz/actor.ts';
import { getDomainAdmin, listDomainAdmins } from './domain-admin.service.ts';
import type { DomainAdminView } from './domain-admin.schema.ts';

const bit = (b: boolean) => (b ? 1 : 0);

/** Every domain admin (`username` undefined) or one, in mailcow's fields, by name. */
export async function domainAdminDetails(deps: Deps, actor: Actor, username?: string): Promise<Record<string, unknown>[]> {
  const views: DomainAdminView[] = username === undefined ? await listDomainAdmins(deps, actor) : [await getDomainAdmin(deps, actor, username)];
  const all = (await deps.db.select({ d: domain.domain }).from(domain).orderBy(asc(domain.domain))).map((r) => r.d);
  return views.sort((a, b) => a.username.localeCompare(b.username)).map((v) => {
    const selected = all.filter((d) => v.domains.includes(d));
    const unselected = all.filter((d) => !v.domains.includes(d));
    return {
      username: v.username, tfa_active: bit(v.tfaActive), tfa_active_int: bit(v.tfaActive), active: bit(v.active), active_int: bit(v.active),
      created: v.created, attributes: { force_tfa: String(bit(v.forceTfa)), force_pw_update: String(bit(v.forcePwUpdate)) },
      // mailcow leaves selected_domains out when there are none, and makes an empty unselected list "".
      ...(selected.length > 0 ? { selected_domains: selected } : {}),
      unselected_domains: unselected.length > 0 ? unselected : '',
    };
  });
}

// mailcow's domain-admin ACL (reference 1.17; acl('get'|'edit', 'domainadmin') in
// functions.acl.inc.php): what a domain admin may do in its domains. Admins read and change any; a
// domain admin reads its own and changes none.
import { daAcl } from '../../db/schema/access.ts';
import type { Deps } from '../deps.ts';
import type { Actor } from '../lib/authz/actor.ts';
import { authorize } from '../lib/authz/policy.ts';
import { auditedBy, writeAudit } from '../lib/mailcow/audit-log.ts';
import { parseInput } from '../lib/validate.ts';
import { daAclColumns, readDaAcl } from './acl-columns.ts';
import { requireDomainAdmin } from './domain-admin.rules.ts';
import { DA_ACL_FLAGS, daAclInput, type DaAcl, type DaAclInput } from './domain-admin.schema.ts';

/** A domain admin without a da_acl row holds nothing (mailcow's checks read a missing row as 0). */
const NOTHING = Object.fromEntries(DA_ACL_FLAGS.map((f) => [f, false])) as DaAcl;

export async function getDaAcl(deps: Deps, actor: Actor, username: string): Promise<{ username: string; acl: DaAcl }> {
  await authorize(deps.db, actor, { do: 'acl.domainAdmin.read', username });
  await requireDomainAdmin(deps.db, username);
  return { username, acl: (await readDaAcl(deps.db, username)) ?? NOTHING };
}

/**
 * Only the flags sent change. mailcow refuses an account without a da_acl row ("Cannot determine
 * current ACL"); Cowbell writes the row, holding only what is sent.
 */
export async function editDaAcl(deps: Deps, actor: Actor, username: string, input: DaAclInput): Promise<{ username: string; acl: DaAcl }> {
  await authorize(deps.db, actor, { do: 'acl.domainAdmin.edit' });
  const { acl } = parseInput(daAclInput, input);
  await requireDomainAdmin(deps.db, username);
  const next = { ...((await readDaAcl(deps.db, username)) ?? NOTHING), ...Object.fromEntries(Object.entries(acl).filter(([, v]) => v !== undefined)) } as DaAcl;
  await deps.db.transaction(async (tx) => {
    await tx.insert(daAcl).values({ username, ...daAclColumns(next) }).onDuplicateKeyUpdate({ set: daAclColumns(next) });
    await writeAudit(tx, [{
      type: 'success', msg: ['acl_saved', username], ...auditedBy(actor),
      call: ['acl', 'edit', 'domainadmin', { username: [username], da_acl: DA_ACL_FLAGS.filter((f) => next[f]) }],
    }], deps.now());
  });
  return getDaAcl(deps, actor, username);
}

// get/add/edit/delete domain-admin and edit/da-acl (reference 9.4; functions.domain_admin.inc.php,
// acl('edit', 'domainadmin')) over the domain admin and da_acl services.
import { AppError } from '../../../lib/errors.ts';
import { editDaAcl } from '../../../mailcow/da-acl.service.ts';
import { domainAdminDetails } from '../../../mailcow/domain-admin-details.ts';
import { DA_ACL_FLAGS } from '../../../mailcow/domain-admin.schema.ts';
import { createDomainAdmin, deleteDomainAdmin, editDomainAdmin } from '../../../mailcow/domain-admin.service.ts';
import { dangerEntry, logData } from '../mailcow-msg.ts';
import { eachItem } from '../v1-items.ts';
import { data, entries, type V1Call, type V1Family } from '../v1-types.ts';
import { attrText, defined, flag, intval } from './mailbox-attr.ts';

/** PHP's (array): a list stays, a single value becomes a list of one. */
const asList = (v: unknown) => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]).map(attrText).filter((d) => d !== '');
const names = (items: unknown[] | null) => (items ?? []).map((i) => attrText(i).trim().toLowerCase());

async function getDomainAdmins({ deps, actor, object }: V1Call) {
  if (!object) return data(null);
  try {
    const found = await domainAdminDetails(deps, actor, object === 'all' ? undefined : object.trim().toLowerCase());
    return data(object === 'all' ? found : found[0]);
  } catch (e) {
    // mailcow answers {} to anyone but an admin, and for a name that is no domain admin.
    if (e instanceof AppError) return data(null);
    throw e;
  }
}

async function addDomainAdmin({ deps, actor, attr }: V1Call) {
  const username = attrText(attr.username).trim().toLowerCase();
  const log = ['domain_admin', 'add', logData(attr)];
  try {
    await createDomainAdmin(deps, actor, {
      username, password: attrText(attr.password), password2: attrText(attr.password2), domains: asList(attr.domains),
      // mailcow's intval(): left out is 0.
      active: intval(attr.active) === 1,
    }, { generatePassword: false });
    return entries([{ type: 'success', log, msg: ['domain_admin_added', username] }]);
  } catch (e) {
    return entries([dangerEntry(e, log, { subject: username, invalid: ['username_invalid', username] })]);
  }
}

async function editDomainAdmins({ deps, actor, attr, items }: V1Call) {
  const log = ['domain_admin', 'edit', logData({ username: items, ...attr })];
  const change = defined({
    username: attr.username_new === undefined || attrText(attr.username_new) === '' ? undefined : attrText(attr.username_new),
    password: attrText(attr.password) === '' ? undefined : attrText(attr.password),
    password2: attrText(attr.password) === '' ? undefined : attrText(attr.password2),
    domains: attr.domains === undefined ? undefined : asList(attr.domains),
    active: flag(attr.active), forceTfa: flag(attr.force_tfa), forcePwUpdate: flag(attr.force_pw_update),
    disableTfa: flag(attr.disable_tfa) ? (true as const) : undefined,
  });
  return entries(await eachItem(names(items), log, async (username) => {
    await editDomainAdmin(deps, actor, username, change);
    return ['domain_admin_modified', username];
  }, (username) => ({ subject: username, invalid: ['username_invalid', change.username ?? username] })));
}

async function deleteDomainAdmins({ deps, actor, items }: V1Call) {
  const log = ['domain_admin', 'delete', { username: items }];
  return entries(await eachItem(names(items), log, async (username) => {
    await deleteDomainAdmin(deps, actor, username);
    return ['domain_admin_removed', username];
  }, (username) => ({ subject: username, invalid: ['username_invalid', username] })));
}

/** edit/da-acl: the flags listed become 1, every other flag 0. */
async function editDaAcls({ deps, actor, attr, items }: V1Call) {
  const log = ['acl', 'edit', 'domainadmin', logData({ username: items, ...attr })];
  const on = asList(attr.da_acl);
  const acl = Object.fromEntries(DA_ACL_FLAGS.map((f) => [f, on.includes(f)]));
  return entries(await eachItem(names(items), log, async (username) => {
    await editDaAcl(deps, actor, username, { acl });
    return ['acl_saved', username];
  }, (username) => ({ subject: username })));
}

export const domainAdminFamily: V1Family = {
  get: { 'domain-admin': getDomainAdmins },
  add: { 'domain-admin': addDomainAdmin },
  edit: { 'domain-admin': editDomainAdmins, 'da-acl': editDaAcls },
  delete: { 'domain-admin': deleteDomainAdmins },
};

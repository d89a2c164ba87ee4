// get/app-passwd/all/<mailbox>, add/edit/delete app-passwd (reference 6.1 and 9.4) over the app
// password service: the key acts for any mailbox in its scope with a password the caller chooses.
import { encodeHtmlText } from '../../../lib/mailcow/html-text.ts';
import { APP_PASSWD_PROTOCOLS, type AppPasswdProtocol } from '../../../mailcow/app-passwd.schema.ts';
import {
  addAppPasswordFor, appPasswordRowsOf, deleteAppPasswordFor, editAppPasswordFor, type AdminAppPasswdChange,
} from '../../../mailcow/app-passwd-admin.ts';
import { dangerEntry, logData } from '../mailcow-msg.ts';
import { phpIntval, refusalOf } from '../php-values.ts';
import { data, entries, type V1Call, type V1Entry, type V1Family } from '../v1-types.ts';
import { attrText } from './mailbox-attr.ts';

/** mailcow's `(array)$_data['protocols']` and in_array() per column: unknown names are ignored. */
const protocolsOf = (v: unknown): AppPasswdProtocol[] => {
  const sent = (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]).map(attrText);
  return APP_PASSWD_PROTOCOLS.filter((p) => sent.includes(p));
};

/** mailcow's `isset()`: null counts as not sent. */
const sent = (v: unknown) => v !== undefined && v !== null;

/** mailcow takes `username` only when it is an address (FILTER_VALIDATE_EMAIL); else the caller's own, which a key has none of. */
const asAddress = (v: unknown) => (/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(attrText(v).trim()) ? attrText(v).trim() : null);

async function getAppPasswords({ deps, actor, object, extra }: V1Call) {
  // Without a mailbox mailcow lists the caller's own: a key has none. get/app-passwd/<id> is broken upstream.
  if (object !== 'all' || !extra) return data(null);
  try {
    const rows = await appPasswordRowsOf(deps, actor, extra);
    return data(rows.map((r) => ({
      // mailcow's details escape the stored (already escaped) name once more.
      id: r.id, name: encodeHtmlText(r.name.trim()), mailbox: r.mailbox, domain: r.domain, password: r.password,
      created: r.created, modified: r.modified ?? null, imap_access: Number(r.imapAccess), smtp_access: Number(r.smtpAccess),
      dav_access: Number(r.davAccess), eas_access: Number(r.easAccess), pop3_access: Number(r.pop3Access),
      sieve_access: Number(r.sieveAccess), active: Number(r.active),
    })));
  } catch (e) {
    // A mailbox the caller may not see answers as one without app passwords.
    refusalOf(e);
    return data(null);
  }
}

async function addAppPassword({ deps, actor, attr }: V1Call) {
  const log = ['app_passwd', 'add', logData(attr)];
  const username = asAddress(attr.username);
  if (!username) return entries([{ type: 'danger', log, msg: 'access_denied' }]);
  try {
    await addAppPasswordFor(deps, actor, {
      username, name: attrText(attr.app_name), password: attrText(attr.app_passwd), password2: attrText(attr.app_passwd2),
      active: phpIntval(attr.active) === 1, protocols: protocolsOf(attr.protocols),
    }, log[2] as Record<string, unknown>);
    return entries([{ type: 'success', log, msg: 'app_passwd_added' }]);
  } catch (e) {
    return entries([dangerEntry(e, log, { subject: username, invalid: 'app_name_empty' })]);
  }
}

async function editAppPasswords({ deps, actor, attr, items }: V1Call) {
  const ids = items ?? [];
  const log = ['app_passwd', 'edit', logData({ id: ids, ...attr })];
  const named = encodeHtmlText(ids.map(attrText).join(', '));
  const change: AdminAppPasswdChange = {
    ...(sent(attr.app_name) ? { name: attrText(attr.app_name) } : {}),
    ...(attrText(attr.app_passwd) !== '' ? { password: attrText(attr.app_passwd), password2: attrText(attr.app_passwd2) } : {}),
    ...(sent(attr.active) ? { active: phpIntval(attr.active) === 1 } : {}),
    ...(sent(attr.protocols) ? { protocols: protocolsOf(attr.protocols) } : {}),
  };
  const out: V1Entry[] = [];
  for (const id of ids) {
    try {
      await editAppPasswordFor(deps, actor, phpIntval(id), change, log[2] as Record<string, unknown>, named);
      out.push({ type: 'success', log, msg: ['object_modified', named] });
    } catch (e) {
      const refusal = refusalOf(e);
      // mailcow cannot tell a missing id from one outside the caller's scope here.
      if (refusal.code === 'not_found' || refusal.code === 'forbidden') out.push({ type: 'danger', log, msg: ['app_passwd_id_invalid', id] });
      // Cowbell's expiry: an expired one is switched on again only from the user's own page, with a new date.
      else if (refusal.code === 'conflict') out.push({ type: 'danger', log, msg: 'access_denied' });
      else out.push(dangerEntry(refusal, log, { subject: attrText(id) }));
    }
  }
  return entries(out);
}

async function deleteAppPasswords({ deps, actor, items }: V1Call) {
  const ids = items ?? [];
  const log = ['app_passwd', 'delete', { id: ids }];
  const out: V1Entry[] = [];
  for (const id of ids) {
    try {
      await deleteAppPasswordFor(deps, actor, phpIntval(id), { id: ids });
      out.push({ type: 'success', log, msg: ['app_passwd_removed', encodeHtmlText(attrText(id))] });
    } catch (e) {
      // mailcow stops at the first id it refuses.
      out.push({ type: 'danger', log, msg: refusalOf(e).code === 'not_found' ? 'app_passwd_id_invalid' : 'access_denied' });
      break;
    }
  }
  return entries(out);
}

export const appPasswdFamily: V1Family = {
  get: { 'app-passwd': getAppPasswords },
  add: { 'app-passwd': addAppPassword },
  edit: { 'app-passwd': editAppPasswords },
  delete: { 'app-passwd': deleteAppPasswords },
};

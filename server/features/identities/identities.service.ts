// A mailbox user's From identities. The addresses come from what Postfix lets the user send as
// (mailcow/send-as.service.ts); display name, reply-to, signature and the default are SOGo's own
// (sogo_user_profile.c_defaults.SOGoMailIdentities), so SOGo and Cowbell show the same identities.
// Neither mailcow nor SOGo lacks a place for any of it: Cowbell keeps nothing of its own here.
import { eq } from 'drizzle-orm';
import { mailbox } from '../../../db/schema/mail.ts';
import type { Deps } from '../../deps.ts';
import type { Actor } from '../../lib/authz/actor.ts';
import { authorize } from '../../lib/authz/policy.ts';
import { AppError } from '../../lib/errors.ts';
import { maySendAs } from '../../mailcow/postfix-sender-login.ts';
import { listSendAs } from '../../mailcow/send-as.service.ts';
import { defaultAddress, identityAddress, storedIdentities, withDefault, withIdentity, withoutIdentity } from '../../mailcow/sogo-identities.ts';
import { readSogoDefaults, updateSogoDefaults } from '../../mailcow/sogo-profile.service.ts';
import type { IdentitiesView, IdentityInput, IdentityView } from './identities.schema.ts';

const text = (v: unknown) => (typeof v === 'string' ? v : '');

/** SOGo's fallback display name (its `cn`: the mailbox's name in _sogo_static_view), else the login. */
async function ownName(deps: Deps, login: string): Promise<string> {
  const [row] = await deps.db.select({ name: mailbox.name }).from(mailbox).where(eq(mailbox.username, login)).limit(1);
  if (!row) throw new AppError('not_found', 'This mailbox no longer exists.');
  return row.name?.trim() || login;
}

export async function listIdentities(deps: Deps, actor: Actor): Promise<IdentitiesView> {
  await authorize(deps.db, actor, { do: 'identities.manage' });
  const login = actor.username;
  const [defaultName, sendAs, profile] = await Promise.all([ownName(deps, login), listSendAs(deps.db, login), readSogoDefaults(deps.db, login)]);
  const entries = storedIdentities(profile.defaults);
  const chosen = defaultAddress(entries, login);
  const view = (address: string, entry: Record<string, unknown> | undefined, allowed: boolean, via: IdentityView['via']): IdentityView => ({
    address, allowed, via, stored: entry !== undefined, isDefault: address === chosen,
    displayName: text(entry?.fullName).trim() || defaultName,
    replyTo: text(entry?.replyTo).trim() || null,
    signature: text(entry?.signature),
  });
  // SOGo uses the first identity it finds for an address.
  const entryOf = (address: string) => entries.find((e) => identityAddress(e, login) === address);
  const whole = sendAs.flatMap((s) => (s.kind === 'address' ? [s] : []));
  const listed = new Set(whole.map((s) => s.address));
  const others = [...new Set(entries.map((e) => identityAddress(e, login)).filter((a) => !listed.has(a)))];
  return {
    mailbox: login,
    defaultName,
    signatureFormat: profile.defaults.SOGoMailComposeMessageType === 'text' ? 'text' : 'html',
    identities: [
      ...whole.map((s) => view(s.address, entryOf(s.address), true, s.via)),
      ...(await Promise.all(others.map(async (a) => view(a, entryOf(a), await maySendAs(deps.db, login, a), [])))),
    ],
    grants: sendAs.flatMap((s) => (s.kind === 'address' ? [] : [s])),
    profile: profile.state,
  };
}

/** An identity may only carry an address Postfix lets this user send as (a grant covers any of its addresses). */
async function mustSendAs(deps: Deps, login: string, address: string) {
  if (!(await maySendAs(deps.db, login, address))) {
    throw new AppError('validation_failed', 'You may not send as this address.', [{ path: 'address', message: 'You may not send as this address.', code: 'invalid' }]);
  }
}

export async function updateIdentity(deps: Deps, actor: Actor, address: string, input: IdentityInput): Promise<IdentitiesView> {
  await authorize(deps.db, actor, { do: 'identities.manage' });
  await mustSendAs(deps, actor.username, address);
  const name = await ownName(deps, actor.username);
  await updateSogoDefaults(deps, actor.username, (d) => withIdentity(d, actor.username, address,
    { fullName: input.displayName, replyTo: input.replyTo, signature: input.signature }, name));
  return listIdentities(deps, actor);
}

export async function setDefaultIdentity(deps: Deps, actor: Actor, address: string): Promise<IdentitiesView> {
  await authorize(deps.db, actor, { do: 'identities.manage' });
  await mustSendAs(deps, actor.username, address);
  const name = await ownName(deps, actor.username);
  await updateSogoDefaults(deps, actor.username, (d) => withDefault(d, actor.username, address, name));
  return listIdentities(deps, actor);
}

/** Forgets what SOGo keeps for the address (a stale one too); the address itself stays if it is the user's. */
export async function removeIdentity(deps: Deps, actor: Actor, address: string): Promise<IdentitiesView> {
  await authorize(deps.db, actor, { do: 'identities.manage' });
  let found = false;
  await updateSogoDefaults(deps, actor.username, (d) => {
    const next = withoutIdentity(d, actor.username, address);
    found = next !== null;
    return next;
  });
  if (!found) throw new AppError('not_found', 'No identity is stored for this address.');
  return listIdentities(deps, actor);
}

// The one place that answers "may this actor do this?". Routes gate on a permission's roles (and the
// actor's kind: a token is held to its scope); services
// call authorize() for the parts that depend on mailcow's ACLs or on the object. Which rows an actor
// may see is answered in SQL from domainScope() (see the quarantine scope).
import type { Db } from '../../../db/client.ts';
import type { ItemAction } from '../../features/quarantine/quarantine.schema.ts';
import { AppError } from '../errors.ts';
import type { UserAclFlag as UserAclColumn } from '../../mailcow/domain-admin.schema.ts';
import { actorAclAllows, domainAdminAclAllows, lockedUserAclFlags, userAclAllows, type DomainAdminAclFlag } from './acl.ts';
import type { Actor, ActorKind } from './actor.ts';
import { domainScope, inScope } from './domain-scope.ts';
import { ROLE_GATES, type GatedAction } from './role-gates.ts';


/**
 * Kinds of actor held to a fixed set of actions, whatever their role would allow. An alias token
 * acts as its owner (role 'user') but reaches the password-manager API and nothing else: not the
 * session, the home page, the quarantine, nor its own management. The time-limited alias service's
 * own permissions for creating and listing join this list when it checks any.
 */
const KIND_SCOPES: Partial<Record<ActorKind, readonly GatedAction[]>> = {
  alias_token: ['passwordManager.createAlias', 'passwordManager.listAliases', 'aliases.read', 'spamalias.write'],
};

/** Actions only these kinds may take: a session cookie is no credential for the password-manager API. */
const RESERVED_FOR: Partial<Record<GatedAction, readonly ActorKind[]>> = {
  'passwordManager.createAlias': ['alias_token'],
  'passwordManager.listAliases': ['alias_token'],
  'account.password': ['session'],
  'account.sessions': ['session'],
  'aliasTokens.create': ['session'],
  'appPasswords.manage': ['session'],
  'appPasswords.create': ['session'],
  'account.confirm': ['session'],
  'account.signIns': ['session'],
  'account.factors': ['session'],
  'account.factors.manage': ['session'],
  'factors.webauthn.add': ['session'],
  'passkeys.manage': ['session'],
  'passkeys.add': ['session'],
  'passkeys.remove': ['session'],
  // An API key never manages keys: only a signed-in admin or domain admin does.
  'apiKeys.read': ['session'],
  'apiKeys.write': ['session'],
  'apiKeys.create': ['session'],
  'scopedKeys.manage': ['session'],
  'scopedKeys.create': ['session'],
  'logs.read': ['session'],
};
/** A mailbox acted on, with its domain (for a domain admin's scope). */
export interface MailboxRef { username: string; domain: string }

export type Permission =
  | { do: Exclude<GatedAction, 'quarantine.act' | 'quarantine.settings' | 'aliases.read' | 'spamalias.write' | 'sender_acl.edit' | 'alias.write' | 'pushover.edit' | 'domain.edit' | 'mailbox.write' | 'acl.domainAdmin.read' | 'acl.user.read' | 'acl.user.edit' | 'aliasDomain.create' | 'aliasDomain.write' | 'ratelimit.read' | 'ratelimit.edit' | 'dkim.read' | 'dkim.add' | 'appPasswords.admin' | 'signIns.admin'> }
  /** A domain admin's da_acl: its own, or any for an admin. */
  | { do: 'acl.domainAdmin.read'; username: string }
  /** A mailbox's user_acl: as aliases.read, without the mailbox itself (users cannot change their own ACL). */
  | { do: 'acl.user.read'; mailbox: MailboxRef }
  /** Changing these user_acl flags: a domain admin none that lockedUserAclFlags names. */
  | { do: 'acl.user.edit'; mailbox: MailboxRef; change: readonly UserAclColumn[] }
  /** Only the signed-in mailbox's own row, and only with user_acl.pushover (mailcow's edit and test). */
  | { do: 'pushover.edit' }
  /** An alias in this domain (or alias domain): mailcow's hasDomainAccess(). */
  | { do: 'alias.write'; domain: string }
  /** An alias domain onto this target domain (mailcow's hasDomainAccess on target_domain). */
  | { do: 'aliasDomain.create' | 'aliasDomain.write'; target: string }
  /**
   * The rate limit of this domain, alias domain or mailbox's domain (mailcow's hasDomainAccess /
   * hasMailboxObjectAccess); changing it needs the `ratelimit` ACL as well.
   */
  | { do: 'ratelimit.read' | 'ratelimit.edit'; domain: string }
  /** This domain's (or alias domain's) DKIM key. */
  | { do: 'dkim.read' | 'dkim.add'; domain: string }
  /** These fields of this domain: see domainAdminMayEdit. */
  | { do: 'domain.edit'; domain: string; fields: readonly string[] }
  /**
   * A mailbox in this domain (mailcow's hasDomainAccess), and for a domain admin each da_acl flag the
   * change needs (unlimited_quota for quota 0, protocol_access, sogo_access).
   */
  | { do: 'mailbox.write'; domain: string; needs?: DomainAdminAclFlag[] }
  /** External entries (addresses and domains not hosted here) need da_acl extend_sender_acl. */
  | { do: 'sender_acl.edit'; external: boolean }
  /** Release, delete, learn or block: mailcow's `quarantine` ACL, `spam_policy` for blocking. */
  | { do: 'quarantine.act'; action: ItemAction }
  /** A mailbox's digest settings: only its owner, each field under its own user_acl flag. */
  | { do: 'quarantine.settings'; mailbox: string; change?: ('notification' | 'category')[] }
  /** A mailbox's addresses: its owner, a domain admin of its domain, any admin (mailcow's hasMailboxObjectAccess). */
  | { do: 'aliases.read'; mailbox: MailboxRef }
  /**
   * Its time-limited aliases: as reading, and a user needs user_acl.spam_alias. Admins and domain admins
   * hold spam_alias in mailcow's session ACL whatever the mailbox's own row says (acl('to_session'):
   * da_acl has no such column), so mailcow lets them act for a mailbox in their scope regardless.
   */
  | { do: 'spamalias.write'; mailbox: MailboxRef }
  /**
   * A mailbox's app passwords, or its recent sign-ins, for whoever administers it (mailcow's
   * hasMailboxObjectAccess; mailcow's app_passwds ACL only hides a user's own tab).
   */
  | { do: 'appPasswords.admin' | 'signIns.admin'; mailbox: MailboxRef };

/** mailcow's hasMailboxObjectAccess(): the mailbox itself, a domain admin of its domain, an admin. */
async function reachesMailbox(db: Db, actor: Actor, mailbox: MailboxRef): Promise<boolean> {
  if (actor.role === 'admin') return true;
  if (actor.role === 'user') return actor.username === mailbox.username;
  return actor.role === 'domain_admin' && inScope(await domainScope(db, actor), mailbox.domain);
}

/**
 * Changes that need a proof of identity from the last few minutes when a browser session makes them
 * (step-up): whoever finds a phone left signed in cannot mint credentials or change factors with it.
 * Reading mailcow's API keys is here too: their values are shown whole, and copying the rw key is as
 * good as minting an admin credential.
 */
export const STEP_UP: ReadonlySet<GatedAction> = new Set<GatedAction>(['aliasTokens.create', 'appPasswords.create', 'account.factors.manage',
  'factors.webauthn.add', 'passkeys.add', 'passkeys.remove', 'domainAdmin.create', 'domainAdmin.password', 'appPasswords.admin',
  'apiKeys.read', 'apiKeys.create', 'scopedKeys.create']);

/** A session whose last proof is stale must confirm again before this action. */
export const needsStepUp = (actor: Actor, action: GatedAction) => STEP_UP.has(action) && actor.kind === 'session' && actor.freshProof !== true;

export function kindAllows(kind: ActorKind, action: GatedAction): boolean {
  const scope = KIND_SCOPES[kind];
  const reserved = RESERVED_FOR[action];
  return (!scope || scope.includes(action)) && (!reserved || reserved.includes(kind));
}

/** The route-level rule: the actor's kind may take the action and its role may hold it. */
export function gateAllows(actor: Actor, action: GatedAction): boolean {
  return kindAllows(actor.kind, action) && (ROLE_GATES[action] as readonly string[]).includes(actor.role);
}

export async function can(db: Db, actor: Actor, p: Permission): Promise<boolean> {
  if (!gateAllows(actor, p.do)) return false;
  switch (p.do) {
    case 'quarantine.act':
      return actorAclAllows(db, actor, p.action === 'block_sender' ? 'spamPolicy' : 'quarantine');
    case 'quarantine.settings': {
      if (actor.username !== p.mailbox) return false;
      for (const field of p.change ?? []) {
        if (!(await userAclAllows(db, p.mailbox, field === 'notification' ? 'quarantineNotification' : 'quarantineCategory'))) return false;
      }
      return true;
    }
    case 'aliases.read':
    case 'appPasswords.admin':
    case 'signIns.admin':
      return reachesMailbox(db, actor, p.mailbox);
    case 'spamalias.write':
      return (await reachesMailbox(db, actor, p.mailbox)) && (actor.role !== 'user' || userAclAllows(db, actor.username, 'spamAlias'));
    case 'alias.write':
      return inScope(await domainScope(db, actor), p.domain);
    case 'aliasDomain.create':
      return inScope(await domainScope(db, actor), p.target) && domainAdminAclAllows(db, actor, 'aliasDomains');
    case 'aliasDomain.write':
      return inScope(await domainScope(db, actor), p.target);
    case 'ratelimit.read':
    case 'dkim.read':
    case 'dkim.add':
      return inScope(await domainScope(db, actor), p.domain);
    case 'ratelimit.edit':
      return inScope(await domainScope(db, actor), p.domain) && domainAdminAclAllows(db, actor, 'ratelimit');
    case 'domain.edit':
      return inScope(await domainScope(db, actor), p.domain) && (actor.role === 'admin' || domainAdminMayEdit(db, actor, p.fields));
    case 'mailbox.write': {
      if (!inScope(await domainScope(db, actor), p.domain)) return false;
      for (const flag of p.needs ?? []) if (!(await domainAdminAclAllows(db, actor, flag))) return false;
      return true;
    }
    case 'pushover.edit':
      return userAclAllows(db, actor.username, 'pushover');
    // mailcow only hides its app passwords tab without user_acl.app_passwds; Cowbell refuses the calls too.
    case 'appPasswords.manage':
    case 'appPasswords.create':
      return userAclAllows(db, actor.username, 'appPasswds');
    case 'acl.domainAdmin.read':
      return actor.role === 'admin' || actor.username === p.username;
    case 'acl.user.read':
      return reachesMailbox(db, actor, p.mailbox);
    case 'acl.user.edit': {
      if (!(await reachesMailbox(db, actor, p.mailbox))) return false;
      const locked = await lockedUserAclFlags(db, actor);
      return p.change.every((flag) => !locked.includes(flag));
    }
    case 'sender_acl.edit':
      return !p.external || domainAdminAclAllows(db, actor, 'extendSenderAcl');
    default:
      return true;
  }
}

/**
 * mailcow's edit/domain for a domain admin writes only gal and tags, and the description with
 * da_acl.domain_desc; every limit, quota, relay option and `active` is left as it was. Cowbell
 * refuses such a change instead of ignoring it.
 */
async function domainAdminMayEdit(db: Db, actor: Actor, fields: readonly string[]): Promise<boolean> {
  const always = ['gal', 'tags'];
  for (const f of fields.filter((x) => !always.includes(x))) {
    if (f !== 'description' || !(await domainAdminAclAllows(db, actor, 'domainDesc'))) return false;
  }
  return true;
}

const DENIED: Record<Permission['do'], string> = {
  'home.read': 'Only mailbox users have a home page.',
  'overview.read': 'Only administrators see the overview.',
  'directory.read': 'Only administrators see the lists of domains and mailboxes.',
  'quarantine.read': 'You may not see quarantined mail.',
  'quarantine.act': 'Your account may not do this with quarantined mail.',
  'quarantine.settings': 'Your administrator does not let you change this setting.',
  'quarantine.adminSettings': 'Only admins change the quarantine settings.',
  'announcement.edit': 'Only admins set the announcement.',
  'announcement.push': 'Only mailbox users have announcements pushed.',
  'push.devices': 'Only mailbox users receive notifications.',
  'newMail.settings': 'Only mailbox users are told about new mail.',
  'aliasTokens.manage': 'Only a signed-in mailbox user manages password-manager tokens.',
  'aliasTokens.create': 'Only a signed-in mailbox user makes password-manager tokens.',
  'passwordManager.createAlias': 'Only a password-manager token creates aliases here.',
  'passwordManager.listAliases': 'Only a password-manager token lists aliases here.',
  'aliases.read': 'You may not see this mailbox\'s addresses.',
  'spamalias.write': 'Your account may not manage time-limited aliases.',
  'aliases.defaults': 'Only mailbox users keep alias defaults.',
  'aliases.reminders': 'Only mailbox users get alias reminders.',
  'identities.manage': 'Only mailbox users have sender identities.',
  'sender_acl.read': 'Only administrators see who may send as whom.',
  'sender_acl.edit': 'Your account may not change who may send as whom in this way.',
  'alias.write': 'You may not manage aliases in this domain.',
  'aliasDomain.create': 'You may not add alias domains to this domain.',
  'aliasDomain.write': 'You may not change alias domains of this domain.',
  'aliasDomain.limits': 'Only an administrator sets an alias domain\'s rate limit or DKIM key.',
  'domain.create': 'Only administrators add domains.',
  'domain.delete': 'Only administrators delete domains.',
  'domain.edit': 'You may not change this domain, or not these settings of it.',
  'mailbox.write': 'You may not make this change to mailboxes in this domain.',
  'pushover.read': 'Only mailbox users have Pushover settings.',
  'pushover.edit': 'Your account may not change Pushover settings.',
  'appPasswords.manage': 'Your account may not manage app passwords.',
  'appPasswords.create': 'Your account may not make app passwords.',
  'appPasswords.admin': 'You may not manage the app passwords of this mailbox.',
  'signIns.admin': 'You may not see the sign-ins of this mailbox.',
  'account.password': 'Only a signed-in account changes its own password here.',
  'account.sessions': 'Only a signed-in account manages its sessions.',
  'account.confirm': 'Only a signed-in account confirms who it is.',
  'account.signIns': 'Only a signed-in mailbox user sees its sign-ins.',
  'account.factors': 'Only a signed-in account sees its second factors.',
  'account.factors.manage': 'Only a signed-in account changes its second factors.',
  'factors.webauthn.add': 'Only a signed-in account registers its security keys.',
  'passkeys.manage': 'Only a signed-in account manages its passkeys.',
  'passkeys.add': 'Only a signed-in account registers its passkeys.',
  'passkeys.remove': 'Only a signed-in account removes its passkeys.',
  'domainAdmin.read': 'Only administrators see domain admins.',
  'domainAdmin.create': 'Only administrators add domain admins.',
  'domainAdmin.write': 'Only administrators change or delete domain admins.',
  'domainAdmin.password': 'Only administrators set a domain admin\'s password.',
  'acl.domainAdmin.read': 'You may only see your own permissions.',
  'acl.domainAdmin.edit': 'Only administrators change what a domain admin may do.',
  'acl.user.read': 'You may not see this mailbox\'s permissions.',
  'acl.user.edit': 'You may not grant or take away a permission you do not hold yourself.',
  'ratelimit.read': 'You may not see rate limits outside your domains.',
  'ratelimit.edit': 'Your account may not set rate limits here (mailcow\'s ratelimit permission).',
  'dkim.read': 'You may not see DKIM keys outside your domains.',
  'dkim.add': 'You may not make a DKIM key for this domain.',
  'dkim.manage': 'Only administrators import, copy, delete or list DKIM keys.',
  'apiKeys.read': 'Only administrators see mailcow\'s API keys.',
  'apiKeys.write': 'Only administrators change mailcow\'s API keys.',
  'apiKeys.create': 'Only administrators make mailcow\'s API keys or change who may use them.',
  'scopedKeys.manage': 'Only administrators and domain admins manage API keys.',
  'scopedKeys.create': 'Only a domain admin makes its own API keys.',
  'logs.read': 'Only administrators see the logs.',
  'status.read': 'Only administrators see the version.',
};

/** can(), or a `forbidden` error saying what was refused. */
export async function authorize(db: Db, actor: Actor, p: Permission): Promise<void> {
  if (actor.role === 'anonymous') throw new AppError('unauthenticated', 'Please sign in.');
  if (gateAllows(actor, p.do) && needsStepUp(actor, p.do)) {
    throw new AppError('step_up_required', 'Confirm it is you (your password or a second factor), then try again.');
  }
  if (!(await can(db, actor, p))) throw new AppError('forbidden', DENIED[p.do]);
}

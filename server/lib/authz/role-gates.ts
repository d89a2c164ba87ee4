// Who may call what, by role: the first question the authorisation layer (policy.ts) asks of every
// route. Kept apart from the object- and ACL-level rules so the list reads as one table.
import type { Role } from '../roles.ts';

/** Who may call what, by role. Object- and ACL-level rules follow in `can`. */
export const ROLE_GATES = {
  'home.read': ['user'],
  'overview.read': ['admin', 'domain_admin'],
  /** The domains and mailboxes an admin may see (names, for lists and filters). */
  'directory.read': ['admin', 'domain_admin'],
  'quarantine.read': ['user', 'domain_admin', 'admin'],
  'quarantine.act': ['user', 'domain_admin', 'admin'],
  'quarantine.settings': ['user'],
  'push.devices': ['user'],
  /** A mailbox user's own choices for new-mail push (folders, VIPs, mutes, quiet hours). */
  'newMail.settings': ['user'],
  /** A mailbox user's password-manager tokens: made, listed and revoked from a signed-in session. */
  'aliasTokens.manage': ['user'],
  /** Making one: a new credential, so it needs a fresh proof of identity (STEP_UP). */
  'aliasTokens.create': ['user'],
  /** The password-manager API (SimpleLogin's and addy.io's shapes): the owner's time-limited aliases. */
  'passwordManager.createAlias': ['user'],
  'passwordManager.listAliases': ['user'],
  /** The addresses that reach a mailbox, its time-limited aliases among them. */
  'aliases.read': ['user', 'domain_admin', 'admin'],
  /** Create, extend, describe and delete time-limited aliases (mailcow's spam_alias ACL). */
  'spamalias.write': ['user', 'domain_admin', 'admin'],
  /** A user's remembered choices for new time-limited aliases. */
  'aliases.defaults': ['user'],
  /** A user's own choice of a push reminder before a time-limited alias expires. */
  'aliases.reminders': ['user'],
  /** A mailbox user's own From identities (SOGo's), within what Postfix lets them send as. */
  'identities.manage': ['user'],
  /** Who may send as what (sender_acl): mailcow's edit/mailbox sender_acl and extended_sender_acl. */
  'sender_acl.read': ['admin', 'domain_admin'],
  'sender_acl.edit': ['admin', 'domain_admin'],
  /** Regular aliases (mailcow's add/edit/delete alias) in a domain the actor administers. */
  'alias.write': ['admin', 'domain_admin'],
  /** mailcow's add/alias_domain: admins, and domain admins with da_acl alias_domains, onto a target domain they administer. */
  'aliasDomain.create': ['admin', 'domain_admin'],
  /** edit/delete alias_domain: mailcow checks only that the actor administers the target domain(s), no ACL. */
  'aliasDomain.write': ['admin', 'domain_admin'],
  /**
   * A rate limit or DKIM key for a new alias domain: admins only. A domain admin may not change its
   * domain's limits either (domain.edit), and a looser limit on an alias domain would get round them.
   */
  'aliasDomain.limits': ['admin'],
  /** mailcow's add/delete domain: admins only (functions.mailbox.inc.php refuses every other role). */
  'domain.create': ['admin'],
  'domain.delete': ['admin'],
  /** edit/domain: admins everything; a domain admin, in its domains, only what mailcow's domainadmin branch writes. */
  'domain.edit': ['admin', 'domain_admin'],
  /** Mailboxes (mailcow's add/edit/delete mailbox) in a domain the actor administers, within its da_acl. */
  'mailbox.write': ['admin', 'domain_admin'],
  /** A mailbox user's own Pushover settings (mailcow's pushover table): read them. */
  'pushover.read': ['user'],
  /** Change, delete or verify them: mailcow's user_acl.pushover as well. */
  'pushover.edit': ['user'],
  /**
   * A mailbox user's own app passwords (mailcow's app_passwd): list, switch on/off, rename, change
   * protocols and expiry, revoke. Users only; an admin acts for a mailbox with appPasswords.admin.
   */
  'appPasswords.manage': ['user'],
  /** Making one: a new credential, so it needs a fresh proof of identity (STEP_UP). */
  'appPasswords.create': ['user'],
  /**
   * mailcow's app_passwd() with a `username`: an admin, or a domain admin in its domains, lists, adds
   * (with a password it chooses), edits and deletes any mailbox's app passwords (/api/v1).
   */
  'appPasswords.admin': ['admin', 'domain_admin'],
  /** Any account changes its own password (mailcow's edit/self, edit_admin_account, a domain admin's own edit). */
  'account.password': ['user', 'domain_admin', 'admin'],
  /** Any signed-in account lists and ends its own browser sessions. */
  'account.sessions': ['user', 'domain_admin', 'admin'],
  /** Any signed-in account confirms it is still itself (step-up) before a sensitive change. */
  'account.confirm': ['user', 'domain_admin', 'admin'],
  /** A mailbox user's recent sign-ins (sasl_log: only mailboxes sign in to mail services). */
  'account.signIns': ['user'],
  /** mailcow's last_login('get'|'reset') for a mailbox the actor administers (/api/v1 get/last-login). */
  'signIns.admin': ['admin', 'domain_admin'],
  /** Any signed-in account sees its own second factors (mailcow's tfa rows, no secrets) and how many recovery codes are left. */
  'account.factors': ['user', 'domain_admin', 'admin'],
  /** Adds or removes its own second factors, or makes new recovery codes: needs a fresh proof (STEP_UP). */
  'account.factors.manage': ['user', 'domain_admin', 'admin'],
  /** Register a security key as a second factor (mailcow's tfa, authmech webauthn): a new factor, so STEP_UP. */
  'factors.webauthn.add': ['user', 'domain_admin', 'admin'],
  /** An account's own passkeys (mailcow's fido2): list and rename. */
  'passkeys.manage': ['user', 'domain_admin', 'admin'],
  /** Register or remove one: a credential that signs in by itself, so STEP_UP. */
  'passkeys.add': ['user', 'domain_admin', 'admin'],
  'passkeys.remove': ['user', 'domain_admin', 'admin'],
  /** mailcow's domain_admin get/details: admins only. */
  'domainAdmin.read': ['admin'],
  /** mailcow's add domain_admin: admins only; a new credential, so STEP_UP. */
  'domainAdmin.create': ['admin'],
  /** mailcow's edit/delete domain_admin (an admin's branch; a domain admin's own password is another matter). */
  'domainAdmin.write': ['admin'],
  /** An edit that sets a domain admin's password: a credential again, so STEP_UP. */
  'domainAdmin.password': ['admin'],
  /** acl('get', 'domainadmin'): admins any, a domain admin only its own. */
  'acl.domainAdmin.read': ['admin', 'domain_admin'],
  /** acl('edit', 'domainadmin'): admins only. */
  'acl.domainAdmin.edit': ['admin'],
  /** acl('get'|'edit', 'user'): a mailbox the actor administers; a domain admin only the flags it holds itself. */
  'acl.user.read': ['admin', 'domain_admin'],
  'acl.user.edit': ['admin', 'domain_admin'],
  /** ratelimit('get'): a domain's or mailbox's rate limit (RL_VALUE), in the actor's domains; no ACL flag needed. */
  'ratelimit.read': ['admin', 'domain_admin'],
  /** ratelimit('edit'): the same, with mailcow's `ratelimit` ACL (da_acl for a domain admin); users never. */
  'ratelimit.edit': ['admin', 'domain_admin'],
  /** dkim('details'): a domain's DKIM record, in the actor's domains (mailcow's domain edit page shows it to domain admins). */
  'dkim.read': ['admin', 'domain_admin'],
  /** dkim('add'): a new key for a domain that has none, in the actor's domains (mailcow's hasDomainAccess). */
  'dkim.add': ['admin', 'domain_admin'],
  /** dkim('blind'|'import'|'duplicate'|'delete') and the list of every key: mailcow's admin-only branches. */
  'dkim.manage': ['admin'],
  /** mailcow's quarantine('edit', settings) and quarantine('get', settings) with exclude_domains: admins only. */
  'quarantine.adminSettings': ['admin'],
  /** mailcow's customize('edit', 'ui_texts'): the announcement and the UI texts, admins only. */
  'announcement.edit': ['admin'],
  /** A mailbox user's own choice to have announcements pushed to its devices. */
  'announcement.push': ['user'],
  /** mailcow's API keys (admin_api): admins see them whole, switch them on or off, delete them. */
  'apiKeys.read': ['admin'],
  'apiKeys.write': ['admin'],
  /** Make or regenerate one, or change who may use it (allow_from, skip_ip_check): a credential, so STEP_UP. */
  'apiKeys.create': ['admin'],
  /** Cowbell's scoped keys: a domain admin its own, an admin everyone's (list and revoke). */
  'scopedKeys.manage': ['domain_admin', 'admin'],
  /** Make one: a domain admin for itself only (an admin has mailcow's keys); a credential, so STEP_UP. */
  'scopedKeys.create': ['domain_admin'],
  /** mailcow's logs table and API_LOG: admins only, as in mailcow's UI. */
  'logs.read': ['admin'],
  /** mailcow's get/status/version: admins only (anyone else is answered nothing). */
  'status.read': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type GatedAction = keyof typeof ROLE_GATES;

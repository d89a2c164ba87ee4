// mailcow's domain admins (reference 1.15–1.18; functions.domain_admin.inc.php, functions.acl.inc.php):
// the shapes that cross the wire. ACL flags keep mailcow's own names (the da_acl / user_acl column
// names), so what an admin reads here is what mailcow's UI and API call them. Shared with the client.
import { z } from 'zod';
import { domainName } from './domain.schema.ts';

/** da_acl's columns, in mailcow's order (reference 1.17). */
export const DA_ACL_FLAGS = [
  'syncjobs', 'quarantine', 'login_as', 'sogo_access', 'app_passwds', 'bcc_maps', 'pushover', 'filters', 'ratelimit',
  'spam_policy', 'extend_sender_acl', 'unlimited_quota', 'protocol_access', 'smtp_ip_access', 'alias_domains',
  'mailbox_relayhost', 'domain_relayhost', 'domain_desc',
] as const;
export type DaAclFlag = (typeof DA_ACL_FLAGS)[number];

/** user_acl's columns, in mailcow's order (reference 1.18). */
export const USER_ACL_FLAGS = [
  'spam_alias', 'tls_policy', 'spam_score', 'spam_policy', 'delimiter_action', 'syncjobs', 'eas_reset', 'sogo_profile_reset',
  'pushover', 'quarantine', 'quarantine_attachments', 'quarantine_notification', 'quarantine_category', 'app_passwds', 'pw_reset',
] as const;
export type UserAclFlag = (typeof USER_ACL_FLAGS)[number];

export type DaAcl = Record<DaAclFlag, boolean>;
export type UserAcl = Record<UserAclFlag, boolean>;

/**
 * mailcow's rule for admin names (domain_admin add): letters, digits, "_", "." and "-", never "API";
 * stored trimmed and lower-case.
 */
export const domainAdminName = z.string().trim().toLowerCase().min(1).max(255)
  .regex(/^[a-z0-9_.-]+$/, { message: 'Letters, digits, "_", "." and "-" only.' })
  .refine((v) => v !== 'api', { message: 'This name is reserved.' });

const password = z.string().max(255);
const domains = z.array(domainName).min(1, { message: 'Choose at least one domain.' }).max(1000)
  .transform((list) => [...new Set(list)]);

/**
 * A new domain admin. `password` empty or left out: Cowbell makes one and returns it once. A
 * `{SCHEME}…` value is stored as it is (reference 2). mailcow's add takes no force flags (its edit
 * does); Cowbell sets them at once, in the form mailcow's migrator back-fills ("0"/"1" strings).
 */
export const createDomainAdminInput = z.strictObject({
  username: domainAdminName,
  password: password.optional(),
  password2: password.optional(),
  domains,
  active: z.boolean().optional(),
  forcePwUpdate: z.boolean().optional(),
  forceTfa: z.boolean().optional(),
});
export type CreateDomainAdminInput = z.input<typeof createDomainAdminInput>;

/** mailcow's edit/domain-admin: what is left out stays as it is. */
export const editDomainAdminInput = z.strictObject({
  /** mailcow's username_new: a new name for the account, its domains, ACL and second factors. */
  username: domainAdminName.optional(),
  password: password.min(1).optional(),
  password2: password.optional(),
  domains: domains.optional(),
  active: z.boolean().optional(),
  forcePwUpdate: z.boolean().optional(),
  forceTfa: z.boolean().optional(),
  /** mailcow's disable_tfa: its second factors are skipped at the next sign-in (tfa.active = 0). */
  disableTfa: z.literal(true).optional(),
}).refine((v) => Object.values(v).some((x) => x !== undefined), 'Nothing to change.');
export type EditDomainAdminInput = z.input<typeof editDomainAdminInput>;

export const domainAdminParam = z.object({ username: domainAdminName });

const flags = <T extends string>(names: readonly T[]) =>
  z.strictObject(Object.fromEntries(names.map((n) => [n, z.boolean().optional()])) as Record<T, z.ZodOptional<z.ZodBoolean>>)
    .refine((v) => Object.values(v).some((x) => x !== undefined), 'Nothing to change.');

/** Only the flags given change (mailcow's form sends them all; an API caller need not). */
export const daAclInput = z.strictObject({ acl: flags(DA_ACL_FLAGS) });
export type DaAclInput = z.input<typeof daAclInput>;
export const userAclInput = z.strictObject({ acl: flags(USER_ACL_FLAGS) });
export type UserAclInput = z.input<typeof userAclInput>;

export interface DomainAdminView {
  username: string;
  active: boolean;
  domains: string[];
  forcePwUpdate: boolean;
  forceTfa: boolean;
  /** It has a second factor switched on (mailcow's tfa_active). */
  tfaActive: boolean;
  created: string;
}

export interface CreatedDomainAdmin {
  domainAdmin: DomainAdminView;
  /** Only when Cowbell made the password: shown once, never stored in clear. */
  generatedPassword?: string;
}

export interface UserAclView {
  username: string;
  acl: UserAcl;
  /**
   * Flags this actor may not change: for a domain admin, those whose da_acl flag of the same name it
   * lacks (mailcow hides them from it and leaves them as they are). Empty for admins.
   */
  locked: UserAclFlag[];
}

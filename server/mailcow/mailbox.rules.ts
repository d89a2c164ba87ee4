// mailcow's checks for add/edit mailbox (functions.mailbox.inc.php), each a query or a pure rule:
// which da_acl flags a change needs, the domain's mailbox count and quotas, the mailbox attributes
// as add/mailbox writes them.
import { and, eq, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { domain, mailbox } from '../../db/schema/mail.ts';
import type { DomainAdminAclFlag } from '../lib/authz/acl.ts';
import { AppError } from '../lib/errors.ts';
import { withAttributes } from '../lib/mailcow/attributes.ts';
import { PROTOCOLS, type Protocol } from './mailbox.schema.ts';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

const MIB = 1048576;

/** Mailboxes and MiB that rows not yet written will take in a domain (a CSV file's rows above the one checked). */
export interface PlannedUse { mailboxes: number; quotaMiB: number }
export const NOTHING_PLANNED: PlannedUse = { mailboxes: 0, quotaMiB: 0 };

/** What a change asks of a domain admin's da_acl: quota 0, protocol flags and SOGo access are theirs to grant only with the flag. */
export function aclNeeds(change: { quota?: number; protocolAccess?: object; sogoAccess?: boolean }, quotaWas?: number): DomainAdminAclFlag[] {
  const needs: DomainAdminAclFlag[] = [];
  // mailcow: "if already 0 == ok" — an unlimited mailbox may stay unlimited.
  if (change.quota === 0 && quotaWas !== 0) needs.push('unlimitedQuota');
  if (change.protocolAccess !== undefined) needs.push('protocolAccess');
  if (change.sogoAccess !== undefined) needs.push('sogoAccess');
  return needs;
}

export interface DomainLimits {
  maxMailboxes: number;
  /** MiB, per mailbox. */
  maxQuota: number;
  defQuota: number;
  /** MiB, the whole domain. */
  quota: number;
  mailboxes: number;
  /** MiB taken by the domain's mailboxes, mailcow's ROUND(SUM(quota)/1048576). */
  usedQuota: number;
}

/**
 * The domain's limits and use, or null when there is no such domain. `lock` (in a transaction):
 * the domain row is held, so two writers cannot both take the last mailbox or MiB. `except`: a
 * mailbox left out of the use (the one being edited).
 */
export async function domainLimits(db: Db | Tx, name: string, opts: { lock?: boolean; except?: string } = {}): Promise<DomainLimits | null> {
  const query = db.select({ max: domain.mailboxes, maxquota: domain.maxquota, defquota: domain.defquota, quota: domain.quota })
    .from(domain).where(eq(domain.domain, name));
  const [d] = opts.lock ? await query.for('update') : await query;
  if (!d) return null;
  const [use] = await db.select({ n: sql<number>`COUNT(*)`, q: sql<number>`COALESCE(ROUND(SUM(${mailbox.quota}) / ${MIB}), 0)` })
    .from(mailbox).where(and(eq(mailbox.domain, name), eq(mailbox.kind, ''), opts.except ? ne(mailbox.username, opts.except) : undefined));
  return {
    maxMailboxes: Number(d.max), maxQuota: Number(d.maxquota), defQuota: Number(d.defquota), quota: Number(d.quota),
    mailboxes: Number(use.n), usedQuota: Number(use.q),
  };
}

const limitReached = (message: string, path: string, detail: string) => new AppError('conflict', message, [{ path, message: detail, code: 'invalid' }]);

/** mailcow's max_mailbox_exceeded, mailbox_quota_exceeded and mailbox_quota_left_exceeded for a new mailbox. */
export function checkNewMailboxLimits(name: string, limits: DomainLimits, quotaMiB: number, planned: PlannedUse): void {
  const count = limits.mailboxes + planned.mailboxes;
  if (count >= limits.maxMailboxes) {
    throw limitReached(`The domain ${name} has no mailboxes left (${count} of ${limits.maxMailboxes}).`, 'domain', 'The domain has no mailboxes left.');
  }
  checkQuota(limits, quotaMiB, limits.usedQuota + planned.quotaMiB);
}

/** A quota against the domain's per-mailbox maximum and what the other mailboxes leave of its total. */
export function checkQuota(limits: DomainLimits, quotaMiB: number, usedByOthers: number): void {
  if (quotaMiB > limits.maxQuota) {
    throw limitReached(`A mailbox of this domain may have at most ${limits.maxQuota} MiB.`, 'quota', `At most ${limits.maxQuota} MiB.`);
  }
  const left = limits.quota - usedByOthers;
  if (quotaMiB > left) throw limitReached(`Only ${Math.max(0, left)} MiB of the domain's quota are left.`, 'quota', `At most ${Math.max(0, left)} MiB are left.`);
}

export interface MailboxFlags {
  forcePwUpdate: boolean; forceTfa: boolean; tlsEnforceIn: boolean; tlsEnforceOut: boolean; sogoAccess: boolean;
  protocolAccess: Partial<Record<Protocol, boolean>>;
  quarantineNotification: string; quarantineCategory: string;
}

/** mailcow's Default mailbox template (reference 1.4), what add/mailbox writes for what the request leaves out. */
export const TEMPLATE_DEFAULTS: MailboxFlags = {
  forcePwUpdate: false, forceTfa: false, tlsEnforceIn: false, tlsEnforceOut: false, sogoAccess: true, protocolAccess: {},
  quarantineNotification: 'hourly', quarantineCategory: 'reject',
};

const bit = (b: boolean) => (b ? '1' : '0');

/**
 * mailbox.attributes in add/mailbox's key order; passwd_update is the caller's (mailcow stamps it
 * with the database's NOW() right after the insert).
 */
export function mailboxAttributes(f: MailboxFlags, passwdUpdate: string): string {
  return withAttributes(null, {
    force_pw_update: bit(f.forcePwUpdate), force_tfa: bit(f.forceTfa), tls_enforce_in: bit(f.tlsEnforceIn),
    tls_enforce_out: bit(f.tlsEnforceOut), sogo_access: bit(f.sogoAccess),
    ...Object.fromEntries(PROTOCOLS.map((p) => [`${p}_access`, bit(f.protocolAccess[p] ?? true)])),
    relayhost: '0', passwd_update: passwdUpdate, mailbox_format: 'maildir:',
    quarantine_notification: f.quarantineNotification, quarantine_category: f.quarantineCategory, attribute_hash: '',
  });
}

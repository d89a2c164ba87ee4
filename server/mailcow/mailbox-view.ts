// A mailbox row as the admin screens see it: quota in MiB, attributes read leniently (reference 1.2).
import type { mailbox } from '../../db/schema/mail.ts';
import { attrFlag, attrString, parseAttributes } from '../lib/mailcow/attributes.ts';
import { PROTOCOLS, QUARANTINE_CATEGORIES, QUARANTINE_NOTIFICATIONS, type MailboxView } from './mailbox.schema.ts';

export function toMailboxView(row: typeof mailbox.$inferSelect, tags: string[]): MailboxView {
  const a = parseAttributes(row.attributes);
  const active = Number(row.active);
  return {
    username: row.username, localPart: row.localPart, domain: row.domain, name: row.name ?? '',
    quota: Math.round(Number(row.quota) / 1048576), active: active === 2 ? 2 : active === 1 ? 1 : 0,
    forcePwUpdate: attrFlag(a, 'force_pw_update', false), forceTfa: attrFlag(a, 'force_tfa', false),
    // The migrator back-fills missing TLS keys with "1" (reference 1.2).
    tlsEnforceIn: attrFlag(a, 'tls_enforce_in', true), tlsEnforceOut: attrFlag(a, 'tls_enforce_out', true),
    sogoAccess: attrFlag(a, 'sogo_access', true),
    protocolAccess: Object.fromEntries(PROTOCOLS.map((p) => [p, attrFlag(a, `${p}_access`, true)])) as MailboxView['protocolAccess'],
    quarantineNotification: attrString(a, 'quarantine_notification', QUARANTINE_NOTIFICATIONS, 'never'),
    quarantineCategory: attrString(a, 'quarantine_category', QUARANTINE_CATEGORIES, 'reject'),
    tags,
  };
}

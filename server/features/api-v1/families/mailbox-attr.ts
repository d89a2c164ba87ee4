// mailcow's add/edit mailbox attributes as PHP reads them (intval, strval, isset) turned into the
// mailbox service's input. Only the reading is here: what the values may be is the service's.
import { PROTOCOLS, type CreateMailboxInput, type Protocol } from '../../../mailcow/mailbox.schema.ts';

/** PHP's intval() for what JSON or a form can carry. */
export function intval(v: unknown): number {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return Math.trunc(v);
  const n = Number.parseInt(String(v ?? '').trim(), 10);
  return Number.isNaN(n) ? 0 : n;
}

/** PHP's strval() (false and null are ''). */
export const attrText = (v: unknown): string => (v === undefined || v === null || v === false ? '' : v === true ? '1' : String(v));

/** A 0/1 attribute as intval() reads it; undefined when not sent. */
export const flag = (v: unknown) => (v === undefined ? undefined : intval(v) === 1);
/** The object without its undefined fields (what was not sent). */
export const defined = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/** Per-protocol access: `protocol_access` as a list (mailcow's UI) wins over the single `<p>_access` flags. */
function protocolAccess(attr: Record<string, unknown>): Partial<Record<Protocol, boolean>> | undefined {
  if (attr.protocol_access !== undefined) {
    const list = (Array.isArray(attr.protocol_access) ? attr.protocol_access : [attr.protocol_access]).map(String);
    return Object.fromEntries(PROTOCOLS.map((p) => [p, list.includes(p)]));
  }
  const single = defined(Object.fromEntries(PROTOCOLS.map((p) => [p, flag(attr[`${p}_access`])])) as Record<Protocol, boolean | undefined>);
  return Object.keys(single).length > 0 ? single : undefined;
}

type Settings = Omit<CreateMailboxInput, 'localPart' | 'domain' | 'password' | 'password2' | 'quota'>;

/** The settings add/mailbox and edit/mailbox share, only those sent. */
export function mailboxSettings(attr: Record<string, unknown>): Settings {
  const tags = attr.tags === undefined ? undefined : (Array.isArray(attr.tags) ? attr.tags : [attr.tags]).map(attrText).filter((t) => t !== '');
  return defined({
    name: attr.name === undefined ? undefined : attrText(attr.name),
    active: attr.active === undefined ? undefined : (intval(attr.active) as 0 | 1 | 2),
    forcePwUpdate: flag(attr.force_pw_update),
    forceTfa: flag(attr.force_tfa),
    tlsEnforceIn: flag(attr.tls_enforce_in),
    tlsEnforceOut: flag(attr.tls_enforce_out),
    sogoAccess: flag(attr.sogo_access),
    protocolAccess: protocolAccess(attr),
    quarantineNotification: attr.quarantine_notification === undefined ? undefined : attrText(attr.quarantine_notification) as Settings['quarantineNotification'],
    quarantineCategory: attr.quarantine_category === undefined ? undefined : attrText(attr.quarantine_category) as Settings['quarantineCategory'],
    tags,
  });
}

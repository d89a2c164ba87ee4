// mailcow's rules for a domain's limits (add/edit domain in functions.mailbox.inc.php), each refusal
// as a per-field issue naming mailcow's message key. Captured behaviour:
// server/test/fixtures/mailcow-domains/captured.json.
import { and, count, eq, max, notInArray, sum } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { alias, aliasDomain, domain, mailbox, templates } from '../../db/schema/mail.ts';
import type { ErrorIssue } from '../lib/error-codes.ts';
import { likeLiteral } from '../lib/sql-like.ts';
import { invalid } from './alias.rules.ts';
import { DKIM_KEY_SIZES, DKIM_SELECTOR, type DkimKeySize } from './dkim.ts';

const MIB = 1048576;

/** The settings mailcow stores on the domain row (quotas in MiB). */
export interface DomainLimits {
  aliases: number;
  mailboxes: number;
  defquota: number;
  maxquota: number;
  quota: number;
}

export interface DomainDefaults extends DomainLimits {
  tags: string[];
  active: boolean;
  gal: boolean;
  backupmx: boolean;
  relayAllRecipients: boolean;
  relayUnknownOnly: boolean;
  rlValue: number;
  rlFrame: 's' | 'm' | 'h' | 'd';
  dkimSelector: string;
  keySize: DkimKeySize;
}

/** mailcow's seeded Default domain template (reference 1.4), for a database that has none. */
const SEEDED: DomainDefaults = {
  tags: [], aliases: 400, mailboxes: 10, defquota: 3072, maxquota: 10240, quota: 10240,
  active: true, gal: true, backupmx: false, relayAllRecipients: false, relayUnknownOnly: false, rlValue: 0, rlFrame: 's',
  dkimSelector: 'dkim', keySize: 2048,
};

const on = (v: unknown) => Number(v) === 1;

/**
 * add/domain fills what is not given from the domain template `Default` (its first row): limits
 * in it are bytes, the domain row's are MiB.
 */
export async function domainDefaults(db: Db): Promise<DomainDefaults> {
  const [row] = await db.select({ a: templates.attributes }).from(templates)
    .where(and(eq(templates.type, 'domain'), eq(templates.template, 'Default'))).orderBy(templates.id).limit(1);
  if (!row?.a) return SEEDED;
  const t = JSON.parse(row.a) as Record<string, unknown>;
  const num = (k: string, fallback: number, unit = 1) => (t[k] === undefined || t[k] === '' ? fallback : Number(t[k]) / unit);
  const frame = String(t.rl_frame ?? 's');
  return {
    tags: Array.isArray(t.tags) ? t.tags.map(String) : [],
    aliases: num('max_num_aliases_for_domain', SEEDED.aliases), mailboxes: num('max_num_mboxes_for_domain', SEEDED.mailboxes),
    defquota: num('def_quota_for_mbox', SEEDED.defquota, MIB), maxquota: num('max_quota_for_mbox', SEEDED.maxquota, MIB),
    quota: num('max_quota_for_domain', SEEDED.quota, MIB),
    active: on(t.active ?? 1), gal: on(t.gal ?? 1), backupmx: on(t.backupmx), relayAllRecipients: on(t.relay_all_recipients),
    relayUnknownOnly: on(t.relay_unknown_only), rlValue: num('rl_value', 0),
    rlFrame: (['s', 'm', 'h', 'd'].includes(frame) ? frame : 's') as DomainDefaults['rlFrame'],
    dkimSelector: typeof t.dkim_selector === 'string' && DKIM_SELECTOR.test(t.dkim_selector) ? t.dkim_selector : SEEDED.dkimSelector,
    keySize: (DKIM_KEY_SIZES as readonly number[]).includes(Number(t.key_size)) ? Number(t.key_size) as DkimKeySize : SEEDED.keySize,
  };
}

/** mailcow's coupling of the relay options: "unknown only" implies "all recipients", which implies backup MX. */
export function relayFlags(f: { backupmx: boolean; relayAllRecipients: boolean; relayUnknownOnly: boolean }) {
  const relayAllRecipients = f.relayAllRecipients || f.relayUnknownOnly;
  return { backupmx: f.backupmx || relayAllRecipients, relayAllRecipients, relayUnknownOnly: f.relayUnknownOnly };
}

/** defquota ≤ maxquota ≤ quota, neither mailbox quota 0: checked on add and edit, in mailcow's order. */
export function checkLimits(l: DomainLimits): void {
  const issues: ErrorIssue[] = [];
  if (l.defquota > l.maxquota) issues.push({ path: 'defquota', message: 'The default mailbox quota cannot exceed the maximum mailbox quota (mailbox_defquota_exceeds_mailbox_maxquota).', code: 'invalid' });
  if (l.maxquota > l.quota) issues.push({ path: 'maxquota', message: 'The maximum mailbox quota cannot exceed the domain quota (mailbox_quota_exceeds_domain_quota).', code: 'invalid' });
  if (l.defquota === 0) issues.push({ path: 'defquota', message: 'The default mailbox quota cannot be 0 (defquota_empty).', code: 'required' });
  if (l.maxquota === 0) issues.push({ path: 'maxquota', message: 'The maximum mailbox quota cannot be 0 (maxquota_empty).', code: 'required' });
  if (issues.length > 0) throw invalid(issues);
}

export interface DomainUsage {
  /** Mailboxes proper (kind ''), as mailcow counts them for the limit; resources are not. */
  mailboxes: number;
  /** Largest mailbox quota and all of them together, in MiB rounded as mailcow's ROUND(). */
  biggestMailbox: number;
  quotaAll: number;
  /** Aliases whose address is no mailbox (the self rows are not aliases). */
  aliases: number;
}

export async function domainUsage(db: Pick<Db, 'select'>, name: string): Promise<DomainUsage> {
  const [m] = await db.select({ n: count(), biggest: max(mailbox.quota), total: sum(mailbox.quota) }).from(mailbox)
    .where(and(eq(mailbox.domain, name), eq(mailbox.kind, '')));
  const [a] = await db.select({ n: count() }).from(alias)
    .where(and(eq(alias.domain, name), notInArray(alias.address, db.select({ u: mailbox.username }).from(mailbox))));
  return {
    mailboxes: Number(m?.n ?? 0), biggestMailbox: Math.round(Number(m?.biggest ?? 0) / MIB),
    quotaAll: Math.round(Number(m?.total ?? 0) / MIB), aliases: Number(a?.n ?? 0),
  };
}

/** edit/domain: new limits may not fall below what the domain already uses (mailcow's *_in_use). */
export function checkUsage(l: DomainLimits, u: DomainUsage): void {
  const issues: ErrorIssue[] = [];
  if (u.biggestMailbox > l.maxquota) issues.push({ path: 'maxquota', message: `A mailbox here has ${u.biggestMailbox} MiB already (max_quota_in_use).`, code: 'invalid' });
  if (u.quotaAll > l.quota) issues.push({ path: 'quota', message: `The mailboxes here have ${u.quotaAll} MiB together already (domain_quota_m_in_use).`, code: 'invalid' });
  if (u.mailboxes > l.mailboxes) issues.push({ path: 'mailboxes', message: `The domain has ${u.mailboxes} mailboxes already (mailboxes_in_use).`, code: 'invalid' });
  if (u.aliases > l.aliases) issues.push({ path: 'aliases', message: `The domain has ${u.aliases} aliases already (aliases_in_use).`, code: 'invalid' });
  if (issues.length > 0) throw invalid(issues);
}

/** A new domain's name may be neither a domain nor an alias domain already (domain_exists). */
export async function nameTaken(db: Db, name: string): Promise<boolean> {
  const [d] = await db.select({ n: count() }).from(domain).where(eq(domain.domain, name));
  const [a] = await db.select({ n: count() }).from(aliasDomain).where(eq(aliasDomain.aliasDomain, name));
  return Number(d?.n) + Number(a?.n) > 0;
}

/** `LIKE '%@domain'` as mailcow writes it, with LIKE's wildcards in the name taken literally. */
export const atDomain = (name: string) => `%@${likeLiteral(name)}`;

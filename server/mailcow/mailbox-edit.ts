// edit/mailbox's checks and writes (functions.mailbox.inc.php), for mailbox.service.ts: quota against
// what the domain leaves, the password against PASSWD_POLICY, then one transaction that changes the
// mailbox row, copies `active` onto the self alias (reference 10.1) and replaces the tags.
import { eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { alias, mailbox } from '../../db/schema/mail.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../lib/errors.ts';
import { writeTags } from './mailbox-rows.ts';
import { checkQuota, domainLimits } from './mailbox.rules.ts';
import { PROTOCOLS, type editMailboxInput } from './mailbox.schema.ts';
import { checkNewPassword } from './mailbox-password.service.ts';
import { isPreHashed } from './password-policy.ts';
import type { z } from 'zod';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
type Row = typeof mailbox.$inferSelect;
type Change = z.output<typeof editMailboxInput>;

/**
 * A new quota must fit the domain's per-mailbox maximum and what its other mailboxes leave (mailcow's
 * max_new_quota). Unlike mailcow, an unchanged quota is not checked again, so lowering a domain's
 * quota does not block renaming its mailboxes.
 */
export async function checkMailboxEdit(deps: Deps, row: Row, change: Change): Promise<void> {
  if (change.quota !== undefined && change.quota * 1048576 !== Number(row.quota)) {
    const limits = await domainLimits(deps.db, row.domain, { except: row.username });
    if (limits) checkQuota(limits, change.quota, limits.usedQuota);
  }
  if (change.password !== undefined) {
    // mailcow's UPDATE only matches authsource 'mailcow'; Cowbell says so instead of doing nothing.
    if ((row.authsource ?? 'mailcow') !== 'mailcow') {
      throw new AppError('validation_failed', 'This mailbox signs in through an identity provider.', [{ path: 'password', message: 'Set by the identity provider.', code: 'invalid' }]);
    }
    await checkNewPassword(deps, change.password, change.password2 ?? change.password);
  }
}

const bit = (b: boolean) => (b ? '1' : '0');

/** The JSON_SET pairs for the attributes sent; recovery_email and attribute_hash as mailcow rewrites them on every edit. */
function attributePairs(change: Change): [string, SQL | string][] {
  const pairs: [string, SQL | string][] = [];
  const flags: [string, boolean | undefined][] = [
    ['force_pw_update', change.forcePwUpdate], ['force_tfa', change.forceTfa], ['sogo_access', change.sogoAccess],
    ['tls_enforce_in', change.tlsEnforceIn], ['tls_enforce_out', change.tlsEnforceOut],
    ...PROTOCOLS.map((p): [string, boolean | undefined] => [`${p}_access`, change.protocolAccess?.[p]]),
  ];
  for (const [key, value] of flags) if (value !== undefined) pairs.push([key, bit(value)]);
  if (change.quarantineNotification) pairs.push(['quarantine_notification', change.quarantineNotification]);
  if (change.quarantineCategory) pairs.push(['quarantine_category', change.quarantineCategory]);
  pairs.push(['recovery_email', sql`JSON_EXTRACT(${mailbox.attributes}, '$.recovery_email')`], ['attribute_hash', '']);
  if (change.password !== undefined) pairs.push(['passwd_update', sql`DATE_FORMAT(NOW(), '%Y-%m-%d %H:%i:%s')`]);
  return pairs;
}

export async function writeMailboxEdit(deps: Deps, row: Row, change: Change, audit: (tx: Tx) => Promise<void>, replaceTags = true): Promise<void> {
  const hash = change.password === undefined ? undefined : isPreHashed(change.password) ? change.password : await deps.hasher.hash(change.password);
  const pairs = attributePairs(change);
  const attributes = sql`JSON_SET(COALESCE(${mailbox.attributes}, '{}'), ${sql.join(pairs.map(([k, v]) => sql`${`$.${k}`}, ${v}`), sql`, `)})`;
  await deps.db.transaction(async (tx) => {
    await tx.update(mailbox).set({
      attributes,
      ...(hash !== undefined ? { password: hash } : {}),
      ...(change.name ? { name: change.name } : {}),
      ...(change.quota !== undefined ? { quota: change.quota * 1048576 } : {}),
      ...(change.active !== undefined ? { active: change.active } : {}),
    }).where(eq(mailbox.username, row.username));
    // The self alias carries the mailbox's active value, 2 included, so delivery follows it (reference 10.1).
    await tx.update(alias).set({ active: change.active ?? Number(row.active) }).where(eq(alias.address, row.username));
    if (change.tags !== undefined) await writeTags(tx, row.username, change.tags, replaceTags);
    await audit(tx);
  });
}

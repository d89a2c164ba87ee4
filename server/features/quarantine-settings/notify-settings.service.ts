// The digest settings mailcow keeps in mailbox.attributes (reference 1.2, 3.7), guarded by the
// user_acl flags quarantine_notification and quarantine_category.
import { eq } from 'drizzle-orm';
import { userAcl } from '../../../db/schema/access.ts';
import { mailbox } from '../../../db/schema/mail.ts';
import type { Deps } from '../../deps.ts';
import type { Actor } from '../../lib/authz/actor.ts';
import { authorize } from '../../lib/authz/policy.ts';
import { AppError } from '../../lib/errors.ts';
import { attrString, parseAttributes, withAttributes } from '../../lib/mailcow/attributes.ts';
import { NOTIFICATION_CATEGORIES, NOTIFICATION_INTERVALS, type NotifySettingsView } from './notify-settings.schema.ts';

async function load(deps: Deps, username: string) {
  const [row] = await deps.db.select({ attributes: mailbox.attributes, n: userAcl.quarantineNotification, c: userAcl.quarantineCategory })
    .from(mailbox).leftJoin(userAcl, eq(userAcl.username, mailbox.username)).where(eq(mailbox.username, username)).limit(1);
  if (!row) throw new AppError('not_found', 'This mailbox no longer exists.');
  return row;
}

export async function getNotifySettings(deps: Deps, actor: Actor): Promise<NotifySettingsView> {
  await authorize(deps.db, actor, { do: 'quarantine.settings', mailbox: actor.username });
  const row = await load(deps, actor.username);
  const attrs = parseAttributes(row.attributes);
  return {
    // A missing key is back-filled by mailcow's migrator as "never" / "reject".
    notification: attrString(attrs, 'quarantine_notification', NOTIFICATION_INTERVALS, 'never'),
    category: attrString(attrs, 'quarantine_category', NOTIFICATION_CATEGORIES, 'reject'),
    mayChangeNotification: Number(row.n ?? 0) === 1,
    mayChangeCategory: Number(row.c ?? 0) === 1,
  };
}

export async function updateNotifySettings(deps: Deps, actor: Actor, input: { notification?: string; category?: string }): Promise<NotifySettingsView> {
  const change = [...(input.notification !== undefined ? ['notification' as const] : []), ...(input.category !== undefined ? ['category' as const] : [])];
  await authorize(deps.db, actor, { do: 'quarantine.settings', mailbox: actor.username, change });
  const row = await load(deps, actor.username);
  const changes: Record<string, string> = {};
  if (input.notification) changes.quarantine_notification = input.notification;
  if (input.category) changes.quarantine_category = input.category;
  await deps.db.update(mailbox).set({ attributes: withAttributes(row.attributes, changes) }).where(eq(mailbox.username, actor.username));
  return getNotifySettings(deps, actor);
}

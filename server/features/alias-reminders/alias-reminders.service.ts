// Whether a mailbox user wants a push reminder a day before a time-limited alias expires: a row in
// cowbell_alias_reminder_optins means yes. Only the signed-in user's own choice is read or changed.
import { eq } from 'drizzle-orm';
import { cowbellAliasReminderOptins as optins } from '../../../db/schema/cowbell.ts';
import type { Deps } from '../../deps.ts';
import type { Actor } from '../../lib/authz/actor.ts';
import { authorize } from '../../lib/authz/policy.ts';
import type { AliasReminderSettings, AliasReminderSettingsInput } from './alias-reminders.schema.ts';

export async function getAliasReminderSettings(deps: Deps, actor: Actor): Promise<AliasReminderSettings> {
  await authorize(deps.db, actor, { do: 'aliases.reminders' });
  const [row] = await deps.db.select({ username: optins.username }).from(optins).where(eq(optins.username, actor.username)).limit(1);
  return { enabled: row !== undefined };
}

export async function setAliasReminderSettings(deps: Deps, actor: Actor, input: AliasReminderSettingsInput): Promise<AliasReminderSettings> {
  await authorize(deps.db, actor, { do: 'aliases.reminders' });
  if (input.enabled) await deps.db.insert(optins).ignore().values({ username: actor.username });
  else await deps.db.delete(optins).where(eq(optins.username, actor.username));
  return { enabled: input.enabled };
}

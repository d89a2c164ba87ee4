// A tapped notification button: its token stands in for the mailbox user, for one object and one action.
import { and, eq } from 'drizzle-orm';
import { cowbellPushSubscriptions as subs } from '../../../db/schema/cowbell.ts';
import type { Deps } from '../../deps.ts';
import type { Actor } from '../../lib/authz/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { extendFromReminder } from '../alias-reminders/extend-action.service.ts';
import { muteFromNotification } from '../new-mail-push/settings.service.ts';
import { applyAction } from '../quarantine/actions.service.ts';
import { findAccount } from '../session/accounts.ts';
import { lockToken, readToken, spendToken, type TokenGrant } from './action-tokens.ts';
import type { PushAction, PushActionResult } from './push.schema.ts';

async function perform(deps: Deps, actor: Actor, grant: TokenGrant, locale: string): Promise<PushActionResult> {
  if (grant.action === 'extend') return extendFromReminder(deps, actor, grant.address, locale);
  if (grant.action === 'mute_sender') return muteFromNotification(deps, actor, grant.address, locale);
  const [result] = await applyAction(deps, actor, grant.action, [grant.itemId]);
  return result;
}

/**
 * Runs the button's action under the token's lock, and spends the token only if the action
 * succeeded: a token for "delete" cannot release, and a release that failed (mail server down) can be
 * tried again from the same notification. Refusals leave the token as it was.
 */
export async function runPushAction(deps: Deps, token: string, action: PushAction, ip: string): Promise<PushActionResult> {
  const unlock = await lockToken(deps.redis, token);
  if (!unlock) throw new AppError('conflict', 'This notification button is already being handled.');
  try {
    const grant = await readToken(deps.redis, token);
    if (!grant) throw new AppError('not_found', 'This notification button has expired or was used already.');
    if (grant.action !== action) throw new AppError('forbidden', 'This notification button is for another action.');
    const [device] = await deps.db.select({ id: subs.id, locale: subs.locale }).from(subs)
      .where(and(eq(subs.id, grant.subscriptionId), eq(subs.username, grant.username)));
    if (!device) throw new AppError('forbidden', 'This device is no longer registered for notifications.');
    // The token acts for its account only while that account may still sign in.
    const account = await findAccount(deps.db, grant.username);
    if (!account || account.refusal) throw new AppError('forbidden', 'This account can no longer act from notifications.');
    const actor: Actor = { kind: 'push_token', username: grant.username, role: 'user', ip };
    const result = await perform(deps, actor, grant, device.locale);
    if (result.ok) await spendToken(deps.redis, token);
    return result;
  } finally {
    await unlock();
  }
}

// A tapped notification button: its token stands in for the mailbox user, for one item and one action.
import { and, eq } from 'drizzle-orm';
import { cowbellPushSubscriptions as subs } from '../../../db/schema/cowbell.ts';
import type { Deps } from '../../deps.ts';
import type { Actor } from '../../lib/authz/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { applyAction } from '../quarantine/actions.service.ts';
import { findAccount } from '../session/accounts.ts';
import type { ActionResult } from '../quarantine/quarantine.schema.ts';
import { lockToken, readToken, spendToken } from './action-tokens.ts';
import type { PushAction } from './push.schema.ts';

/**
 * Runs the button's action under the token's lock, and spends the token only if the action
 * succeeded: a token for "delete" cannot release, and a release that failed (mail server down) can be
 * tried again from the same notification. Refusals leave the token as it was.
 */
export async function runPushAction(deps: Deps, token: string, action: PushAction, ip: string): Promise<ActionResult> {
  const unlock = await lockToken(deps.redis, token);
  if (!unlock) throw new AppError('conflict', 'This notification button is already being handled.');
  try {
    const grant = await readToken(deps.redis, token);
    if (!grant) throw new AppError('not_found', 'This notification button has expired or was used already.');
    if (grant.action !== action) throw new AppError('forbidden', 'This notification button is for another action.');
    const [device] = await deps.db.select({ id: subs.id }).from(subs)
      .where(and(eq(subs.id, grant.subscriptionId), eq(subs.username, grant.username)));
    if (!device) throw new AppError('forbidden', 'This device is no longer registered for notifications.');
    // The token acts for its account only while that account may still sign in.
    const account = await findAccount(deps.db, grant.username);
    if (!account || account.refusal) throw new AppError('forbidden', 'This account can no longer act on quarantined mail.');
    const actor: Actor = { kind: 'push_token', username: grant.username, role: 'user', ip };
    const [result] = await applyAction(deps, actor, action, [grant.itemId]);
    if (result.ok) await spendToken(deps.redis, token);
    return result;
  } finally {
    await unlock();
  }
}

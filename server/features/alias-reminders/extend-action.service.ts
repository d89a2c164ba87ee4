// "Extend by a month" on an alias reminder. The token's owner acts through the alias service's own
// authorisation (editTimeLimitedAlias), so a token reaches nothing its owner could not change.
import { and, eq } from 'drizzle-orm';
import { spamalias } from '../../../db/schema/mail.ts';
import type { Deps } from '../../deps.ts';
import type { Actor } from '../../lib/authz/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { editTimeLimitedAlias } from '../../mailcow/spamalias.service.ts';
import type { AliasExtendResult } from '../push/push.schema.ts';
import { pushText } from '../push/push-text.ts';

/**
 * Makes the alias valid for a month from now, as mailcow's "1 month" does. An alias that has expired
 * is not revived (Postfix already refused its mail; the user is told to make a new one), and a
 * permanent one is left permanent. Refusals come back with the words the service worker shows.
 */
export async function extendFromReminder(deps: Deps, actor: Actor, address: string, locale: string): Promise<AliasExtendResult> {
  const text = pushText(locale);
  const refused = (error: 'expired' | 'not_found' | 'forbidden', body: string): AliasExtendResult =>
    ({ address, ok: false, error, notice: { title: text.notExtended, body } });
  // Read only to word the answer, and only if it is the actor's own alias; whether the actor may
  // change it is for editTimeLimitedAlias to decide.
  const [own] = await deps.db.select({ validity: spamalias.validity, permanent: spamalias.permanent }).from(spamalias)
    .where(and(eq(spamalias.address, address), eq(spamalias.goto, actor.username))).limit(1);
  if (own && Number(own.permanent) !== 0) {
    return { address, ok: true, validity: null, notice: { title: text.nothingToExtend, body: text.permanentBody(address) } };
  }
  // Postfix's condition: usable while validity >= now.
  if (own && (own.validity ?? 0) < Math.floor(deps.now() / 1000)) return refused('expired', text.expiredBody(address));
  try {
    const alias = await editTimeLimitedAlias(deps, actor, { address, validity: '1m' });
    return { address, ok: true, validity: alias.validity, notice: { title: text.extended, body: text.extendedBody(address) } };
  } catch (e) {
    if (e instanceof AppError && e.code === 'not_found') return refused('not_found', text.goneBody(address));
    if (e instanceof AppError && e.code === 'forbidden') return refused('forbidden', text.forbiddenBody);
    throw e;
  }
}

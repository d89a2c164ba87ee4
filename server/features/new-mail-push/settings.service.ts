// The signed-in user's new-mail settings, and "mute sender" from a notification. Both write through
// here, so the settings' rules (rules.schema.ts) hold whichever way they change, and neither write
// undoes the other: a save from a stale copy is refused, a mute re-reads under a row lock.
import type { Deps } from '../../deps.ts';
import type { Actor } from '../../lib/authz/actor.ts';
import { retryOnDeadlock } from '../../lib/db-retry.ts';
import { AppError } from '../../lib/errors.ts';
import { parseInput } from '../../lib/validate.ts';
import type { MuteSenderResult } from '../push/push.schema.ts';
import type { NewMailSettingsView } from './new-mail.schema.ts';
import { muteNotice } from './new-mail-text.ts';
import { MAX_SENDERS, newMailSettings, senderAddressSchema, type NewMailSettingsInput } from './rules.schema.ts';
import { readSettings, seenFolders, writeSettings } from './settings.store.ts';

async function view(deps: Deps, username: string): Promise<NewMailSettingsView> {
  const [stored, folders] = await Promise.all([readSettings(deps.db, username), seenFolders(deps.db, username)]);
  return { ...stored, folders, receiving: deps.env.NEW_MAIL_SECRET !== undefined };
}

export const getNewMailSettings = (deps: Deps, actor: Actor) => view(deps, actor.username);

const staleSettings = () => new AppError('stale',
  'Your new-mail settings were changed elsewhere since you loaded them (on another device, or with Mute on a notification). Load them again.');

/** `revision`: the one the caller's copy was read at (the view's); without it the save is unconditional. */
export async function saveNewMailSettings(deps: Deps, actor: Actor, input: NewMailSettingsInput, revision?: number): Promise<NewMailSettingsView> {
  const settings = parseInput(newMailSettings, input);
  const expected = revision ?? (await readSettings(deps.db, actor.username)).revision;
  if (!(await writeSettings(deps.db, actor.username, settings, expected))) throw staleSettings();
  return view(deps, actor.username);
}

/**
 * Adds a sender to the muted list, taking it off the VIPs: the tap on a notification is the newer,
 * more specific wish. Only a whole address: a From of "@example.org" must not mute a domain. Muting
 * an address already muted changes nothing and is no error.
 */
export async function muteSender(deps: Deps, actor: Actor, address: string): Promise<void> {
  const sender = parseInput(senderAddressSchema, address);
  // The row is locked while it is read and written, so another mute waits and then sees this one.
  // Two first-ever writes can still collide (no row to lock yet): the loser reads again and retries.
  for (let attempt = 1; ; attempt++) {
    const written = await retryOnDeadlock(() => deps.db.transaction(async (tx) => {
      const current = await readSettings(tx, actor.username, true);
      if (current.settings.muted.includes(sender)) return true;
      if (current.settings.muted.length >= MAX_SENDERS) {
        throw new AppError('validation_failed', `At most ${MAX_SENDERS} muted senders.`, [{ path: 'muted', message: `At most ${MAX_SENDERS} muted senders.` }]);
      }
      const next = parseInput(newMailSettings, { ...current.settings, vip: current.settings.vip.filter((a) => a !== sender),
        muted: [...current.settings.muted, sender] });
      return writeSettings(tx, actor.username, next, current.revision);
    }));
    if (written) return;
    if (attempt >= 3) throw staleSettings();
  }
}

/**
 * "Mute sender" on a notification: the result, with the notice the service worker shows in its
 * place. A user who keeps notifications private gets a notice that does not name the sender either:
 * it shows on a locked screen.
 */
export async function muteFromNotification(deps: Deps, actor: Actor, address: string, locale: string): Promise<MuteSenderResult> {
  const { settings } = await readSettings(deps.db, actor.username);
  const shown = settings.detail === 'private' ? null : address;
  try {
    await muteSender(deps, actor, address);
    return { address, ok: true, notice: muteNotice(locale, shown, true) };
  } catch (e) {
    // The list being full, an address the rules do not take, or a race lost: the user can act in the app.
    if (e instanceof AppError && (e.code === 'validation_failed' || e.code === 'stale')) {
      return { address, ok: false, error: 'invalid', notice: muteNotice(locale, shown, false) };
    }
    throw e;
  }
}

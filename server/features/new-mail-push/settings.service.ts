// The signed-in user's new-mail settings, and "mute sender" from a notification. Both write through
// here, so the settings' rules (rules.schema.ts) hold whichever way they change.
import type { Deps } from '../../deps.ts';
import type { Actor } from '../../lib/authz/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { parseInput } from '../../lib/validate.ts';
import type { MuteSenderResult } from '../push/push.schema.ts';
import type { NewMailSettingsView } from './new-mail.schema.ts';
import { muteNotice } from './new-mail-text.ts';
import { MAX_SENDERS, newMailSettings, type NewMailSettingsInput } from './rules.schema.ts';
import { readSettings, seenFolders, writeSettings } from './settings.store.ts';

async function view(deps: Deps, username: string): Promise<NewMailSettingsView> {
  const [settings, folders] = await Promise.all([readSettings(deps.db, username), seenFolders(deps.db, username)]);
  return { settings, folders, receiving: deps.env.NEW_MAIL_SECRET !== undefined };
}

export const getNewMailSettings = (deps: Deps, actor: Actor) => view(deps, actor.username);

export async function saveNewMailSettings(deps: Deps, actor: Actor, input: NewMailSettingsInput): Promise<NewMailSettingsView> {
  await writeSettings(deps.db, actor.username, parseInput(newMailSettings, input));
  return view(deps, actor.username);
}

/**
 * Adds a sender to the muted list, taking it off the VIPs: the tap on a notification is the newer,
 * more specific wish. Muting an address already muted changes nothing and is no error.
 */
export async function muteSender(deps: Deps, actor: Actor, address: string): Promise<void> {
  const current = await readSettings(deps.db, actor.username);
  if (current.muted.includes(address)) return;
  if (current.muted.length >= MAX_SENDERS) {
    throw new AppError('validation_failed', `At most ${MAX_SENDERS} muted senders.`, [{ path: 'muted', message: `At most ${MAX_SENDERS} muted senders.` }]);
  }
  const next = parseInput(newMailSettings, { ...current, vip: current.vip.filter((a) => a !== address), muted: [...current.muted, address] });
  await writeSettings(deps.db, actor.username, next);
}

/** "Mute sender" on a notification: the result, with the notice the service worker shows in its place. */
export async function muteFromNotification(deps: Deps, actor: Actor, address: string, locale: string): Promise<MuteSenderResult> {
  try {
    await muteSender(deps, actor, address);
    return { address, ok: true, notice: muteNotice(locale, address, true) };
  } catch (e) {
    // Only the list being full (or an address the rules no longer take) ends here; the user can act in the app.
    if (e instanceof AppError && e.code === 'validation_failed') return { address, ok: false, error: 'invalid', notice: muteNotice(locale, address, false) };
    throw e;
  }
}

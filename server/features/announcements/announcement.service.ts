// The announcement (mailcow's UI_ANNOUNCEMENT_*): anyone reads it, admins set it, mailbox users choose
// whether it is pushed to their devices (Cowbell's own cowbell_announcement_optins).
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { cowbellAnnouncementOptins as optins } from '../../../db/schema/cowbell.ts';
import type { Deps } from '../../deps.ts';
import type { Actor } from '../../lib/authz/actor.ts';
import { authorize } from '../../lib/authz/policy.ts';
import { parseInput } from '../../lib/validate.ts';
import { readAnnouncement, saveAnnouncement, type StoredAnnouncement } from '../../mailcow/ui-texts.service.ts';
import { announcementInput, type AdminAnnouncementView, type AnnouncementInput, type AnnouncementView } from './announcement.schema.ts';
import { announcementSegments } from './announcement-text.ts';

/** Names one version of the announcement: a banner dismissed on a device stays dismissed until the text or type changes. */
export const announcementId = (a: Pick<StoredAnnouncement, 'text' | 'type'>) =>
  createHash('sha256').update(`${a.type ?? ''}\n${a.text}`).digest('hex').slice(0, 16);

/** What is shown: nothing unless active with some text. An active one without a valid type shows as info. */
export function toView(a: StoredAnnouncement): AnnouncementView {
  const segments = a.active ? announcementSegments(a.text) : [];
  if (segments.length === 0) return { active: false };
  return { active: true, type: a.type ?? 'info', segments, id: announcementId(a) };
}

export const currentAnnouncement = async (deps: Deps): Promise<AnnouncementView> => toView(await readAnnouncement(deps));

export async function adminAnnouncement(deps: Deps, actor: Actor): Promise<AdminAnnouncementView> {
  await authorize(deps.db, actor, { do: 'announcement.edit' });
  const a = await readAnnouncement(deps);
  return { ...a, preview: announcementSegments(a.text) };
}

export async function updateAnnouncement(deps: Deps, actor: Actor, input: AnnouncementInput): Promise<AdminAnnouncementView> {
  await saveAnnouncement(deps, actor, parseInput(announcementInput, input));
  return adminAnnouncement(deps, actor);
}

export async function announcementPush(deps: Deps, actor: Actor): Promise<{ push: boolean }> {
  await authorize(deps.db, actor, { do: 'announcement.push' });
  const [row] = await deps.db.select({ u: optins.username }).from(optins).where(eq(optins.username, actor.username)).limit(1);
  return { push: Boolean(row) };
}

export async function setAnnouncementPush(deps: Deps, actor: Actor, push: boolean): Promise<{ push: boolean }> {
  await authorize(deps.db, actor, { do: 'announcement.push' });
  if (push) await deps.db.insert(optins).values({ username: actor.username }).onDuplicateKeyUpdate({ set: { username: actor.username } });
  else await deps.db.delete(optins).where(eq(optins.username, actor.username));
  return { push };
}

// mailcow's UI texts (reference 10.4; customize('edit', 'ui_texts') in functions.customize.inc.php):
// plain Redis strings, the announcement among them. mailcow writes all eight keys on every save; the
// announcement's type is info, warning or danger, anything else is stored as PHP's false (""), and
// "active" is 1 for any non-empty value. Cowbell's announcement page changes only the three
// announcement keys, with the same rules; /api/v1 edit/ui_texts writes all eight as mailcow does.
import type { Deps } from '../deps.ts';
import type { Actor } from '../lib/authz/actor.ts';
import { authorize } from '../lib/authz/policy.ts';
import { auditedBy, writeAudit } from '../lib/mailcow/audit-log.ts';
import { encodeHtmlText } from '../lib/mailcow/html-text.ts';
import { phpEmpty, phpString } from '../lib/mailcow/php-values.ts';
import { mailcowKeys as K } from '../lib/redis-keys.ts';

export const ANNOUNCEMENT_TYPES = ['info', 'warning', 'danger'] as const;
export type AnnouncementType = (typeof ANNOUNCEMENT_TYPES)[number];

export interface StoredAnnouncement {
  /** HTML, as the admin wrote it (mailcow allows markup here). */
  text: string;
  type: AnnouncementType | null;
  active: boolean;
}

/** The attributes of mailcow's ui_texts form and API, as PHP receives them. */
export type MailcowUiTexts = Partial<Record<'title_name' | 'main_name' | 'apps_name' | 'help_text' | 'ui_footer'
  | 'ui_announcement_text' | 'ui_announcement_type' | 'ui_announcement_active', unknown>>;

/** The three announcement values mailcow writes for these attributes. */
function announcementValues(d: MailcowUiTexts): Record<string, string> {
  const type = ANNOUNCEMENT_TYPES.find((t) => t === d.ui_announcement_type);
  return {
    [K.announcementText]: phpString(d.ui_announcement_text),
    [K.announcementType]: type ?? '',
    [K.announcementActive]: phpEmpty(d.ui_announcement_active) ? '0' : '1',
  };
}

async function save(deps: Deps, actor: Actor, values: Record<string, string>, logged: MailcowUiTexts) {
  await authorize(deps.db, actor, { do: 'announcement.edit' });
  await deps.redis.mset(values);
  await writeAudit(deps.db, [{ type: 'success', msg: 'ui_texts', call: ['customize', 'edit', 'ui_texts', logged], ...auditedBy(actor) }], deps.now());
}

/** mailcow's whole ui_texts save (the names are stored HTML-escaped, as htmlspecialchars() does). */
export async function saveUiTexts(deps: Deps, actor: Actor, d: MailcowUiTexts): Promise<void> {
  await save(deps, actor, {
    [K.titleName]: encodeHtmlText(phpString(d.title_name)),
    [K.mainName]: encodeHtmlText(phpString(d.main_name)),
    [K.appsName]: encodeHtmlText(phpString(d.apps_name)),
    [K.helpText]: phpString(d.help_text),
    [K.uiFooter]: phpString(d.ui_footer),
    ...announcementValues(d),
  }, d);
}

/** Only the announcement, leaving mailcow's other UI texts as they are. */
export async function saveAnnouncement(deps: Deps, actor: Actor, a: { text: string; type: AnnouncementType; active: boolean }): Promise<void> {
  const d = { ui_announcement_text: a.text, ui_announcement_type: a.type, ui_announcement_active: a.active ? 1 : 0 };
  await save(deps, actor, announcementValues(d), d);
}

/** As mailcow shows it: active when the key holds 1. No permission needed: everyone sees it. */
export async function readAnnouncement(deps: Pick<Deps, 'redis'>): Promise<StoredAnnouncement> {
  const [text, type, active] = await deps.redis.mget(K.announcementText, K.announcementType, K.announcementActive);
  return { text: text ?? '', type: ANNOUNCEMENT_TYPES.find((t) => t === type) ?? null, active: Number(active) === 1 };
}

// edit/quarantine with action "settings" (quarantine('edit', $attr)) and edit/ui_texts
// (customize('edit', 'ui_texts', $attr)): thin adapters over the services Cowbell's admin pages use.
// mailcow has no GET for either (get/quarantine lists items).
import { AppError } from '../../../lib/errors.ts';
import { saveQuarantineSettings, type MailcowQuarantineSettings } from '../../../mailcow/quarantine-settings.service.ts';
import { saveUiTexts, type MailcowUiTexts } from '../../../mailcow/ui-texts.service.ts';
import { entries, type V1Call, type V1Entry, type V1Family } from '../v1-types.ts';

/** One mailcow answer: success with `msg`, or access_denied when the actor may not (a domain admin's key). */
async function answer(log: unknown[], msg: string, run: () => Promise<void>) {
  const entry = (type: V1Entry['type'], m: string): V1Entry => ({ type, log, msg: m });
  try {
    await run();
    return entries([entry('success', msg)]);
  } catch (e) {
    if (e instanceof AppError && (e.code === 'forbidden' || e.code === 'unauthenticated')) return entries([entry('danger', 'access_denied')]);
    throw e;
  }
}

export const settingsFamily: V1Family = {
  edit: {
    quarantine: async ({ deps, actor, attr }: V1Call) => {
      const log = ['quarantine', 'edit', attr];
      // Item actions (release, learnham) through edit/quarantine belong with the quarantine items' family.
      if (attr.action !== 'settings') return entries([{ type: 'danger', log, msg: 'access_denied' }]);
      return answer(log, 'saved_settings', () => saveQuarantineSettings(deps, actor, attr as MailcowQuarantineSettings));
    },
    ui_texts: async ({ deps, actor, attr }: V1Call) =>
      answer(['customize', 'edit', 'ui_texts', attr], 'ui_texts', () => saveUiTexts(deps, actor, attr as MailcowUiTexts)),
  },
};

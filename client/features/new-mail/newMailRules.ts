// The settings screen's list logic, pure: what an entry becomes when it is typed (the server's own
// normalisation), why it cannot join its list, and which field an issue of the shared schema — found
// here before saving, or by the server — belongs to, with the i18n key that words it.
import {
  canonicalFolder, MAX_FOLDERS, MAX_SENDERS, newMailSettings, type NewMailSettings,
} from '../../../server/features/new-mail-push/rules.schema.ts';

export type ListName = 'folders' | 'vip' | 'muted';
export type Lists = Pick<NewMailSettings, ListName>;
/** Why an entry cannot be in its list; worded by newMail.problem.<problem>. */
export type EntryProblem = 'empty' | 'invalid' | 'repeat' | 'is_vip' | 'is_muted' | 'full';

const LIMIT: Record<ListName, number> = { folders: MAX_FOLDERS, vip: MAX_SENDERS, muted: MAX_SENDERS };

/** As the server stores it: addresses and domains lowercase, INBOX in capitals, other folders as typed. */
export function normaliseEntry(list: ListName, raw: string): string {
  const entry = raw.trim();
  return list === 'folders' ? canonicalFolder(entry) : entry.toLowerCase();
}

/** The schema's own rule for a single entry (address, @domain, folder name), without the other settings. */
const entryValid = (list: ListName, entry: string) => newMailSettings.safeParse({ [list]: [entry] }).success;

/**
 * What is wrong with `entry` as entry number `index` of its list (by default a new last entry), or
 * null. A repeat is judged against the entries before it, as the server flags the later one.
 */
export function entryProblem(lists: Lists, list: ListName, entry: string, index = lists[list].length): EntryProblem | null {
  if (entry === '') return 'empty';
  if (index >= LIMIT[list]) return 'full';
  if (!entryValid(list, entry)) return 'invalid';
  if (lists[list].slice(0, index).includes(entry)) return 'repeat';
  if (list === 'muted' && lists.vip.includes(entry)) return 'is_vip';
  if (list === 'vip' && lists.muted.includes(entry)) return 'is_muted';
  return null;
}

/** The lists with `raw` added to `list`, or the reason it was not. */
export function addEntry(lists: Lists, list: ListName, raw: string): { lists: Lists; problem: null } | { lists: Lists; problem: EntryProblem } {
  const entry = normaliseEntry(list, raw);
  const problem = entryProblem(lists, list, entry);
  return problem ? { lists, problem } : { lists: { ...lists, [list]: [...lists[list], entry] }, problem: null };
}

export const removeEntry = (entries: readonly string[], index: number): string[] => entries.filter((_, i) => i !== index);

/** The i18n key of a problem: what makes an entry invalid depends on its list. */
export const problemKey = (list: ListName, problem: EntryProblem) =>
  (problem === 'invalid' ? `newMail.${list}.invalid` : `newMail.problem.${problem}`);

/** An issue as the server sends it (ErrorIssue) or as zod reports it here: only its path matters. */
export interface IssueAt { path: string }

/**
 * Each field's first issue as an i18n key, by field: "vip.2" (an entry), "folders" (a list),
 * "quiet.timeZone", "cap.count". An entry's key says why, judged here again, since the server's
 * message is English and its code is only 'invalid'.
 */
export function issueKeys(issues: readonly IssueAt[], settings: NewMailSettings): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { path } of issues) {
    const [field, at] = path.split('.');
    const list = field as ListName;
    let key: string;
    if ((list === 'folders' || list === 'vip' || list === 'muted') && at !== undefined && /^\d+$/.test(at)) {
      const entry = settings[list][Number(at)] ?? '';
      key = problemKey(list, entryProblem(settings, list, entry, Number(at)) ?? 'invalid');
    } else if (list === 'folders' || list === 'vip' || list === 'muted') {
      key = `newMail.listIssue.${list}`;
    } else if (path === 'quiet.from' || path === 'quiet.to') {
      key = 'newMail.quiet.badTime';
    } else if (path === 'quiet.timeZone') {
      key = 'newMail.quiet.badZone';
    } else if (path === 'cap.count' || path === 'cap.minutes') {
      key = `newMail.cap.${at}Range`;
    } else {
      key = 'validation.invalid';
    }
    out[path] ??= key;
  }
  return out;
}

/** Checks the whole form with the shared schema before it is sent: the issues, or the settings as the server takes them. */
export function checkSettings(settings: NewMailSettings): { ok: true; settings: NewMailSettings } | { ok: false; issues: IssueAt[] } {
  const parsed = newMailSettings.safeParse(settings);
  return parsed.success ? { ok: true, settings: parsed.data }
    : { ok: false, issues: parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.') })) };
}

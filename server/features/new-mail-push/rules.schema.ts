// A user's settings for new-mail push (issue 12), validated where they enter: the settings page
// and the stored row. No Node here: the client imports this schema too.
import { z } from 'zod';
import { mailAddress } from '../../mailcow/spamalias.schema.ts';
import { isTimeZone } from './quiet-hours.ts';

export const NOTIFICATION_DETAILS = ['private', 'sender_subject'] as const;
export const MAX_FOLDERS = 50;
export const MAX_SENDERS = 500;

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'A time as HH:MM, 00:00 to 23:59.');

/** IMAP reserves INBOX in any case (RFC 3501 5.1); every other name is kept exactly as Dovecot reports it. */
export const canonicalFolder = (name: string) => (name.toUpperCase() === 'INBOX' ? 'INBOX' : name);

const folder = z.string().min(1, 'A folder name cannot be empty.').max(255).transform(canonicalFolder);

/** mailcow's address rule, and no name or brackets: `"Ann" <ann@x>` belongs in the list as `ann@x`. */
export const senderAddressSchema = mailAddress.regex(/^[^<>"]*$/, 'Not an email address. Write only the address, without a name or <>.');

/** A whole domain: `@example.org` (exactly that domain; `news.example.org` is not included). */
const DOMAIN = /^@[^@\s,<>.]+(\.[^@\s,<>.]+)*$/;

/** An address, or a whole domain written with a leading @; lowercase like mailAddress. */
const muted = z.string().trim().toLowerCase().max(255)
  .refine((s) => DOMAIN.test(s) || senderAddressSchema.safeParse(s).success, 'Not an email address or @domain (e.g. @example.org).');

/** Issues for entries that repeat an earlier one (lists are normalised, so case differences count as repeats). */
function flagRepeats(list: readonly string[], path: string, what: string, ctx: z.RefinementCtx) {
  const seen = new Set<string>();
  list.forEach((entry, i) => {
    if (seen.has(entry)) ctx.addIssue({ code: 'custom', path: [path, i], message: `${entry} is already in ${what}.` });
    seen.add(entry);
  });
}

/** Local wall-clock times in an IANA zone; from > to spans midnight, from == to is none. */
export const quietHours = z.object({
  from: hhmm,
  to: hhmm,
  timeZone: z.string().refine(isTimeZone, 'Not a known time zone. Use an IANA name such as Europe/Berlin.'),
});

export const newMailSettings = z.object({
  enabled: z.boolean().default(true),
  /** private: only "New mail"; sender_subject: who and what, on the lock screen too. */
  detail: z.enum(NOTIFICATION_DETAILS).default('private'),
  folders: z.array(folder).min(1, 'Choose at least one folder, or turn push off.')
    .max(MAX_FOLDERS, `At most ${MAX_FOLDERS} folders.`).default(['INBOX']),
  /** Always pushed, also when bulk or in quiet hours. Addresses only: a VIP is a person. */
  vip: z.array(senderAddressSchema).max(MAX_SENDERS, `At most ${MAX_SENDERS} VIP senders.`).default([]),
  /** Never pushed (unless also a VIP by address): addresses, or @domain for a whole domain. */
  muted: z.array(muted).max(MAX_SENDERS, `At most ${MAX_SENDERS} muted senders.`).default([]),
  quiet: quietHours.nullable().default(null),
  cap: z.object({
    count: z.number().int().min(1).max(100),
    minutes: z.number().int().min(1).max(1440),
  }).default({ count: 10, minutes: 10 }),
}).superRefine((s, ctx) => {
  flagRepeats(s.folders, 'folders', 'the folders', ctx);
  flagRepeats(s.vip, 'vip', 'the VIP senders', ctx);
  flagRepeats(s.muted, 'muted', 'the muted senders', ctx);
  // One address in both lists says two opposite things; refuse it rather than guess.
  const vip = new Set(s.vip);
  s.muted.forEach((entry, i) => {
    if (vip.has(entry)) ctx.addIssue({ code: 'custom', path: ['muted', i], message: `${entry} is a VIP sender; it cannot also be muted.` });
  });
});

export type NewMailSettings = z.output<typeof newMailSettings>;
export type NewMailSettingsInput = z.input<typeof newMailSettings>;

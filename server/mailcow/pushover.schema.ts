// Pushover settings (mailcow's `pushover` table, reference 1.12 and 8): the shapes that cross the wire.
// Shared with the client, so nothing here may need Node.
import { z } from 'zod';
import { checkPhpRegex } from './pushover-regex.ts';

/** The sounds mailcow's UI offers; `pushover` is its default. */
export const PUSHOVER_SOUNDS = [
  'pushover', 'bike', 'bugle', 'cashregister', 'classical', 'cosmic', 'falling', 'gamelan', 'incoming', 'intermission',
  'magic', 'mechanical', 'pianobar', 'siren', 'spacealarm', 'tugboat', 'alien', 'climb', 'persistent', 'echo', 'updown',
  'vibrate', 'none',
] as const;
export type PushoverSound = (typeof PUSHOVER_SOUNDS)[number];

/** title, text, senders and senders_regex are TEXT columns and mailcow checks nothing else: 65,535 bytes. */
export const TEXT_MAX_BYTES = 65_535;
const utf8Bytes = (s: string) => new TextEncoder().encode(s).length;
const textColumn = z.string()
  .refine((s) => utf8Bytes(s) <= TEXT_MAX_BYTES, { message: `At most ${TEXT_MAX_BYTES} bytes.`, params: { code: 'too_long' } });

/** mailcow: ctype_alnum and strlen == 30, for the user key and the application token alike. */
const credential = (what: string) => z.string().trim()
  .regex(/^[A-Za-z0-9]{30}$/, { message: `The ${what} must be exactly 30 letters and digits.` });

export const pushoverSettingsInput = z.object({
  key: credential('user key'),
  token: credential('API token'),
  title: textColumn.default(''),
  text: textColumn.default(''),
  /** As typed: split on spaces, commas, semicolons and newlines; the service keeps the valid addresses. */
  senders: textColumn.default(''),
  /** A PHP PCRE with its delimiters, e.g. /@example\.com$/i; empty: no regex. */
  sendersRegex: textColumn.default('').superRefine((v, ctx) => {
    const reason = v.trim() === '' ? null : checkPhpRegex(v.trim());
    if (reason) ctx.addIssue({ code: 'custom', message: reason });
  }),
  /** High priority (X-Priority 1) becomes Pushover's emergency priority. */
  evaluateXPrio: z.boolean().default(false),
  /** Only high-priority mail is pushed. */
  onlyXPrio: z.boolean().default(false),
  sound: z.enum(PUSHOVER_SOUNDS).default('pushover'),
  active: z.boolean().default(true),
});
export type PushoverSettingsInput = z.input<typeof pushoverSettingsInput>;

export const pushoverVerifyInput = z.object({ key: credential('user key'), token: credential('API token') });
export type PushoverVerifyInput = z.input<typeof pushoverVerifyInput>;

export interface PushoverSettings {
  key: string;
  token: string;
  title: string;
  text: string;
  /** mailcow's stored form: valid addresses, comma-joined. */
  senders: string;
  sendersRegex: string;
  evaluateXPrio: boolean;
  onlyXPrio: boolean;
  sound: PushoverSound;
  active: boolean;
}

export interface PushoverView {
  /** null: no row yet (mailcow pushes nothing). */
  settings: PushoverSettings | null;
  /** user_acl.pushover: whether this account may change them. */
  mayEdit: boolean;
}

/** What Pushover said about a key and token; a closed set the client words. */
export type PushoverVerifyResult =
  | { ok: true }
  | { ok: false; reason: 'invalid_user' | 'invalid_token' | 'invalid' | 'unreachable' | 'timeout' };

// Notification texts for new mail, made on the server in the device's language like the quarantine
// ones (push/push-text.ts): the service worker has no i18n. Sender and subject are free text, so each
// is bidi-isolated and cannot reorder the sentence around it.
import { isolate } from '../../lib/bidi.ts';
import type { NewMailSettings } from './rules.schema.ts';

const TEXT = {
  en: {
    one: 'New mail', many: (n: number) => `${n} new messages`,
    oneFrom: (sender: string) => `New mail from ${sender}`,
    manyFrom: (n: number, sender: string) => `${n} new messages, the latest from ${sender}`,
    unknownSender: 'an unknown sender', noSubject: '(no subject)',
    mute: 'Mute sender',
    muted: (address: string | null) => ({ title: 'Sender muted',
      body: `Mail from ${address ?? 'this sender'} no longer notifies you. Undo it in Cowbell's settings.` }),
    muteFailed: (address: string | null) => ({ title: 'Not muted',
      body: `${address ?? 'The sender'} could not be muted. Try it in Cowbell's settings.` }),
  },
  de: {
    one: 'Neue E-Mail', many: (n: number) => `${n} neue Nachrichten`,
    oneFrom: (sender: string) => `Neue E-Mail von ${sender}`,
    manyFrom: (n: number, sender: string) => `${n} neue Nachrichten, die neueste von ${sender}`,
    unknownSender: 'unbekanntem Absender', noSubject: '(kein Betreff)',
    mute: 'Absender stummschalten',
    muted: (address: string | null) => ({ title: 'Absender stummgeschaltet',
      body: `E-Mails ${address ? `von ${address}` : 'dieses Absenders'} melden sich nicht mehr. Rückgängig machen Sie das in den Einstellungen von Cowbell.` }),
    muteFailed: (address: string | null) => ({ title: 'Nicht stummgeschaltet',
      body: `${address ?? 'Der Absender'} ließ sich nicht stummschalten. Versuchen Sie es in den Einstellungen von Cowbell.` }),
  },
} as const;

/**
 * A push message carries at most about 4 KB (RFC 8291 with the push services' limit), and a lock
 * screen shows a line or two: long names and subjects are cut, by code points so no character breaks.
 */
export const MAX_SENDER_CHARS = 100;
export const MAX_SUBJECT_CHARS = 200;
const cut = (text: string, max: number) => {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
};

const textFor = (locale: string) => TEXT[locale === 'de' ? 'de' : 'en'];

/** The notification button's title. */
export const muteButtonText = (locale: string) => textFor(locale).mute;

/** What the service worker shows in place of the notification once "mute sender" ran (or could not); `address` null: unnamed. */
export const muteNotice = (locale: string, address: string | null, ok: boolean) =>
  (ok ? textFor(locale).muted : textFor(locale).muteFailed)(address === null ? null : isolate(address));

/** What one notification sums up: how many mails, and the latest one's sender and subject. */
export interface NewMailSummary {
  count: number;
  /** The latest mail's sender as a reader knows it: display name, else address; '' if unknown. */
  sender: string;
  /** The latest mail's subject, trimmed; '' if none. */
  subject: string;
}

export interface NewMailText {
  title: string;
  /** The latest subject with sender_subject; '' when private. */
  body: string;
}

/** Title and body for a device: `private` names neither sender nor subject (they show on a locked screen). */
export function newMailText(summary: NewMailSummary, detail: NewMailSettings['detail'], locale: string): NewMailText {
  const text = textFor(locale);
  const single = summary.count === 1;
  if (detail === 'private') return { title: single ? text.one : text.many(summary.count), body: '' };
  const sender = summary.sender === '' ? text.unknownSender : isolate(cut(summary.sender, MAX_SENDER_CHARS));
  return {
    title: single ? text.oneFrom(sender) : text.manyFrom(summary.count, sender),
    body: summary.subject === '' ? text.noSubject : isolate(cut(summary.subject, MAX_SUBJECT_CHARS)),
  };
}

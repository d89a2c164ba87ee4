// Notification texts for new mail, made on the server in the device's language like the quarantine
// ones (push/push-text.ts): the service worker has no i18n. Sender and subject are free text, so each
// is bidi-isolated and cannot reorder the sentence around it.
import { isolate } from '../../lib/bidi.ts';
import type { NewMailSummary } from './coalesce.ts';
import type { NewMailSettings } from './rules.schema.ts';

const TEXT = {
  en: {
    one: 'New mail', many: (n: number) => `${n} new messages`,
    oneFrom: (sender: string) => `New mail from ${sender}`,
    manyFrom: (n: number, sender: string) => `${n} new messages, the latest from ${sender}`,
    unknownSender: 'an unknown sender', noSubject: '(no subject)',
  },
  de: {
    one: 'Neue E-Mail', many: (n: number) => `${n} neue Nachrichten`,
    oneFrom: (sender: string) => `Neue E-Mail von ${sender}`,
    manyFrom: (n: number, sender: string) => `${n} neue Nachrichten, die neueste von ${sender}`,
    unknownSender: 'unbekanntem Absender', noSubject: '(kein Betreff)',
  },
} as const;

export interface NewMailText {
  title: string;
  /** The latest subject with sender_subject; '' when private. */
  body: string;
}

/** Title and body for a device: `private` names neither sender nor subject (they show on a locked screen). */
export function newMailText(summary: NewMailSummary, detail: NewMailSettings['detail'], locale: string): NewMailText {
  const text = TEXT[locale === 'de' ? 'de' : 'en'];
  const single = summary.count === 1;
  if (detail === 'private') return { title: single ? text.one : text.many(summary.count), body: '' };
  const sender = summary.sender === '' ? text.unknownSender : isolate(summary.sender);
  return {
    title: single ? text.oneFrom(sender) : text.manyFrom(summary.count, sender),
    body: summary.subject === '' ? text.noSubject : isolate(summary.subject),
  };
}

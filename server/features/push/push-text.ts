// Notification texts are made on the server (the service worker has no i18n), in the device's language.
// Sender, subject and an alias's description are free text: each is bidi-isolated (lib/bidi.ts), so
// none can reorder the sentence around it.
import { isolate } from '../../lib/bidi.ts';

type Locale = 'en' | 'de';

/** An alias's address, with its description in brackets when the device shows details. */
const named = (address: string, description?: string) => (description ? `${isolate(address)} (${isolate(description)})` : isolate(address));

const TEXT = {
  en: {
    one: 'A message was quarantined', many: (n: number) => `${n} messages were quarantined`,
    privateBody: (cat: string) => `Category: ${cat}. Open Cowbell to review.`,
    detailBody: (sender: string, subject: string) => `From ${isolate(sender)}: ${isolate(subject)}`,
    reject: 'rejected', junk: 'junk',
    release: 'Release', delete: 'Delete', learn_ham: 'Not spam',
    testTitle: 'Cowbell test notification', testBody: 'Notifications reach this device.',
    aliasExpiring: 'A time-limited alias expires soon',
    aliasExpiringBody: (address: string, hours: number, description?: string) =>
      `${named(address, description)} stops receiving mail in ${hours === 1 ? 'about an hour' : `about ${hours} hours`}.`,
    extend: 'Extend by a month',
    extended: 'Alias extended', extendedBody: (address: string) => `${isolate(address)} receives mail for another month.`,
    nothingToExtend: 'Nothing to extend', permanentBody: (address: string) => `${isolate(address)} never expires.`,
    notExtended: 'Alias not extended',
    expiredBody: (address: string) => `${isolate(address)} has expired already. Make a new alias in Cowbell.`,
    goneBody: (address: string) => `${isolate(address)} no longer exists.`,
    forbiddenBody: 'Your account may not manage time-limited aliases.',
    announcement: { info: 'Announcement', warning: 'Important announcement', danger: 'Urgent announcement' },
  },
  de: {
    one: 'Eine Nachricht wurde in Quarantäne gestellt', many: (n: number) => `${n} Nachrichten wurden in Quarantäne gestellt`,
    privateBody: (cat: string) => `Kategorie: ${cat}. Zum Prüfen Cowbell öffnen.`,
    detailBody: (sender: string, subject: string) => `Von ${isolate(sender)}: ${isolate(subject)}`,
    reject: 'abgelehnt', junk: 'Junk',
    release: 'Freigeben', delete: 'Löschen', learn_ham: 'Kein Spam',
    testTitle: 'Cowbell-Testbenachrichtigung', testBody: 'Benachrichtigungen kommen auf diesem Gerät an.',
    aliasExpiring: 'Ein befristeter Alias läuft bald ab',
    aliasExpiringBody: (address: string, hours: number, description?: string) =>
      `${named(address, description)} empfängt ${hours === 1 ? 'in etwa einer Stunde' : `in etwa ${hours} Stunden`} keine Mails mehr.`,
    extend: 'Um einen Monat verlängern',
    extended: 'Alias verlängert', extendedBody: (address: string) => `${isolate(address)} empfängt einen weiteren Monat lang Mails.`,
    nothingToExtend: 'Nichts zu verlängern', permanentBody: (address: string) => `${isolate(address)} läuft nie ab.`,
    notExtended: 'Alias nicht verlängert',
    expiredBody: (address: string) => `${isolate(address)} ist bereits abgelaufen. Legen Sie in Cowbell einen neuen Alias an.`,
    goneBody: (address: string) => `${isolate(address)} existiert nicht mehr.`,
    forbiddenBody: 'Ihr Konto darf keine befristeten Aliasse verwalten.',
    announcement: { info: 'Ankündigung', warning: 'Wichtige Ankündigung', danger: 'Dringende Ankündigung' },
  },
} as const;

export const pushText = (locale: string) => TEXT[(locale === 'de' ? 'de' : 'en') as Locale];

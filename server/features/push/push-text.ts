// Notification texts are made on the server (the service worker has no i18n), in the device's language.
// Sender and subject are the other side's text: each is bidi-isolated (lib/bidi.ts), so neither can
// reorder the sentence around it.
import { isolate } from '../../lib/bidi.ts';

type Locale = 'en' | 'de';

const TEXT = {
  en: {
    one: 'A message was quarantined', many: (n: number) => `${n} messages were quarantined`,
    privateBody: (cat: string) => `Category: ${cat}. Open Cowbell to review.`,
    detailBody: (sender: string, subject: string) => `From ${isolate(sender)}: ${isolate(subject)}`,
    reject: 'rejected', junk: 'junk',
    release: 'Release', delete: 'Delete', learn_ham: 'Not spam',
    testTitle: 'Cowbell test notification', testBody: 'Notifications reach this device.',
  },
  de: {
    one: 'Eine Nachricht wurde in Quarantäne gestellt', many: (n: number) => `${n} Nachrichten wurden in Quarantäne gestellt`,
    privateBody: (cat: string) => `Kategorie: ${cat}. Zum Prüfen Cowbell öffnen.`,
    detailBody: (sender: string, subject: string) => `Von ${isolate(sender)}: ${isolate(subject)}`,
    reject: 'abgelehnt', junk: 'Junk',
    release: 'Freigeben', delete: 'Löschen', learn_ham: 'Kein Spam',
    testTitle: 'Cowbell-Testbenachrichtigung', testBody: 'Benachrichtigungen kommen auf diesem Gerät an.',
  },
} as const;

export const pushText = (locale: string) => TEXT[(locale === 'de' ? 'de' : 'en') as Locale];

import { describe, expect, it } from 'vitest';
import { isolate } from '../../lib/bidi.ts';
import { muteNotice, newMailText } from './new-mail-text.ts';

describe('newMailText', () => {
  const one = { count: 1, sender: 'Jürgen', subject: 'Grüße' };
  const four = { count: 4, sender: 'Jürgen', subject: 'Mail 4' };

  it('says only "new mail" when private, in English and German', () => {
    expect(newMailText(one, 'private', 'en')).toEqual({ title: 'New mail', body: '' });
    expect(newMailText(four, 'private', 'en')).toEqual({ title: '4 new messages', body: '' });
    expect(newMailText(one, 'private', 'de')).toEqual({ title: 'Neue E-Mail', body: '' });
    expect(newMailText(four, 'private', 'de')).toEqual({ title: '4 neue Nachrichten', body: '' });
  });

  it('names the latest sender and subject when the user chose to see them', () => {
    expect(newMailText(one, 'sender_subject', 'en'))
      .toEqual({ title: `New mail from ${isolate('Jürgen')}`, body: isolate('Grüße') });
    expect(newMailText(four, 'sender_subject', 'en'))
      .toEqual({ title: `4 new messages, the latest from ${isolate('Jürgen')}`, body: isolate('Mail 4') });
    expect(newMailText(one, 'sender_subject', 'de'))
      .toEqual({ title: `Neue E-Mail von ${isolate('Jürgen')}`, body: isolate('Grüße') });
    expect(newMailText(four, 'sender_subject', 'de'))
      .toEqual({ title: `4 neue Nachrichten, die neueste von ${isolate('Jürgen')}`, body: isolate('Mail 4') });
  });

  it('fills in a missing sender or subject', () => {
    const bare = { count: 1, sender: '', subject: '' };
    expect(newMailText(bare, 'sender_subject', 'en')).toEqual({ title: 'New mail from an unknown sender', body: '(no subject)' });
    expect(newMailText(bare, 'sender_subject', 'de')).toEqual({ title: 'Neue E-Mail von unbekanntem Absender', body: '(kein Betreff)' });
  });

  it('keeps a right-to-left override in the subject from turning the sentence around', () => {
    const text = newMailText({ count: 1, sender: 'Eve', subject: 'invoice\u202Efdp.exe' }, 'sender_subject', 'en');
    expect(text.body).toBe('\u2068invoice\u202Efdp.exe\u202C\u2069');
  });

  it('falls back to English for other languages', () => {
    expect(newMailText(one, 'private', 'fr').title).toBe('New mail');
  });
});

describe('the notice after "Mute sender"', () => {
  it('names the sender only when the user lets notifications name senders', () => {
    expect(muteNotice('en', 'bob@example.org', true)).toEqual({ title: 'Sender muted',
      body: `Mail from ${isolate('bob@example.org')} no longer notifies you. Undo it in Cowbell's settings.` });
    expect(muteNotice('en', null, true).body).toBe("Mail from this sender no longer notifies you. Undo it in Cowbell's settings.");
    expect(muteNotice('de', null, true).body).toBe('E-Mails dieses Absenders melden sich nicht mehr. Rückgängig machen Sie das in den Einstellungen von Cowbell.');
    expect(muteNotice('de', null, false)).toEqual({ title: 'Nicht stummgeschaltet',
      body: 'Der Absender ließ sich nicht stummschalten. Versuchen Sie es in den Einstellungen von Cowbell.' });
  });
});

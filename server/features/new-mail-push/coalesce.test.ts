import { describe, expect, it } from 'vitest';
import { isolate } from '../../lib/bidi.ts';
import { coalesce } from './coalesce.ts';
import { newMailText } from './new-mail-text.ts';
import type { NewMailEvent } from './rules.ts';

const T = Date.UTC(2026, 0, 14, 12, 0);
const mail = (from: string, subject: string, receivedAt: number): NewMailEvent =>
  ({ user: 'alice@example.test', folder: 'INBOX', from, subject, receivedAt });

describe('coalesce', () => {
  it('counts the events and names the latest, whatever their order', () => {
    const events = [mail('ann@example.org', 'First', T), mail('"Carol" <carol@example.org>', ' Third ', T + 2000), mail('bob@example.org', 'Second', T + 1000)];
    expect(coalesce(events)).toEqual({ count: 3, sender: 'Carol', subject: 'Third', latestAt: T + 2000 });
  });

  it('takes the later in the list when two arrive at the same instant', () => {
    expect(coalesce([mail('ann@example.org', 'A', T), mail('bob@example.org', 'B', T)])?.sender).toBe('bob@example.org');
  });

  it('gives nothing for no events', () => {
    expect(coalesce([])).toBeNull();
  });
});

describe('newMailText', () => {
  const one = coalesce([mail('"Jürgen" <juergen@example.org>', 'Grüße', T)])!;
  const four = coalesce([1, 2, 3, 4].map((i) => mail('"Jürgen" <juergen@example.org>', `Mail ${i}`, T + i)))!;

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
    const bare = coalesce([mail('', '  ', T)])!;
    expect(newMailText(bare, 'sender_subject', 'en')).toEqual({ title: 'New mail from an unknown sender', body: '(no subject)' });
    expect(newMailText(bare, 'sender_subject', 'de')).toEqual({ title: 'Neue E-Mail von unbekanntem Absender', body: '(kein Betreff)' });
  });

  it('keeps a right-to-left override in the subject from turning the sentence around', () => {
    const text = newMailText(coalesce([mail('Eve <eve@evil.test>', 'invoice\u202Efdp.exe', T)])!, 'sender_subject', 'en');
    expect(text.body).toBe('\u2068invoice\u202Efdp.exe\u202C\u2069');
  });

  it('falls back to English for other languages', () => {
    expect(newMailText(one, 'private', 'fr').title).toBe('New mail');
  });
});

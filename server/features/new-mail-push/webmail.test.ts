import { describe, expect, it } from 'vitest';
import { webmailUrl } from './webmail.ts';

const SOGO = 'https://mail.example.org/SOGo/so/{user}/Mail/view#!/Mail/0/{sogoFolder}/{uid}';

describe('webmail links', () => {
  it("are SOGo's own message routes (checked against SOGo's router)", () => {
    expect(webmailUrl(SOGO, { username: 'alice@example.org', folder: 'INBOX', uid: 42 }))
      .toBe('https://mail.example.org/SOGo/so/alice%40example.org/Mail/view#!/Mail/0/INBOX/42');
    expect(webmailUrl(SOGO, { username: 'alice@example.org', folder: 'Lists/dev', uid: 7 }))
      .toBe('https://mail.example.org/SOGo/so/alice%40example.org/Mail/view#!/Mail/0/Lists%25252Fdev/7');
  });

  it('name non-ASCII folders in modified UTF-7 for SOGo, and keep "&" and "%" from breaking out', () => {
    expect(webmailUrl('{sogoFolder}', { username: 'a@b', folder: 'INBOX/Entwürfe', uid: 1 })).toBe('INBOX%25252FEntw%252526APw-rfe');
    expect(webmailUrl('{sogoFolder}|{folder}', { username: 'a@b', folder: '100% & more', uid: 1 }))
      .toBe('100%252525%252520%252526-%252520more|100%25%20%26%20more');
  });

  it('encode the user and leave the rest of the template alone; no template means no link', () => {
    expect(webmailUrl('https://w.example/{user}/{uid}/{unknown}', { username: 'a+b@x.org', folder: 'INBOX', uid: 3 }))
      .toBe('https://w.example/a%2Bb%40x.org/3/{unknown}');
    expect(webmailUrl(undefined, { username: 'a@b', folder: 'INBOX', uid: 1 })).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { newMailSettings } from './rules.schema.ts';

/** The issues of a refused input, as path → message. */
function refusal(input: unknown): Record<string, string> {
  const result = newMailSettings.safeParse(input);
  expect(result.success).toBe(false);
  return Object.fromEntries(result.error!.issues.map((i) => [i.path.join('.'), i.message]));
}

describe('newMailSettings', () => {
  it('defaults to private Inbox pushes, no quiet hours, 10 per 10 minutes', () => {
    expect(newMailSettings.parse({})).toEqual({
      enabled: true, detail: 'private', folders: ['INBOX'], vip: [], muted: [], quiet: null, cap: { count: 10, minutes: 10 },
    });
  });

  it('normalises addresses, domains and INBOX, and keeps other folder names as given', () => {
    const s = newMailSettings.parse({
      folders: ['inbox', 'Lists/dev', 'INBOX/Work'], vip: [' Ann@Example.ORG '], muted: ['@News.Example.org', 'Spam@X.test'],
      quiet: { from: '22:00', to: '07:00', timeZone: 'Europe/Berlin' }, detail: 'sender_subject',
    });
    expect(s).toMatchObject({ folders: ['INBOX', 'Lists/dev', 'INBOX/Work'], vip: ['ann@example.org'], muted: ['@news.example.org', 'spam@x.test'] });
  });

  it('accepts a VIP whose domain is muted: the person beats the domain', () => {
    expect(newMailSettings.safeParse({ vip: ['ann@example.org'], muted: ['@example.org'] }).success).toBe(true);
  });

  it('refuses times that are not HH:MM', () => {
    for (const bad of ['24:00', '7:00', '07:60', '0700', '07:00:00', '']) {
      expect(refusal({ quiet: { from: bad, to: '07:00', timeZone: 'UTC' } })).toEqual({ 'quiet.from': 'A time as HH:MM, 00:00 to 23:59.' });
    }
  });

  it('refuses unknown time zones', () => {
    for (const timeZone of ['Mars/Olympus_Mons', 'Europe/Berlinn', '']) {
      expect(refusal({ quiet: { from: '22:00', to: '07:00', timeZone } }))
        .toEqual({ 'quiet.timeZone': 'Not a known time zone. Use an IANA name such as Europe/Berlin.' });
    }
  });

  it('refuses what is not an address, or not a domain', () => {
    expect(refusal({ vip: ['ann'] })).toEqual({ 'vip.0': 'Not an email address.' });
    expect(refusal({ vip: ['"Ann" <ann@example.org>'] })['vip.0']).toMatch(/^Not an email address/);
    expect(refusal({ vip: ['<ann@example.org>'] })).toEqual({ 'vip.0': 'Not an email address. Write only the address, without a name or <>.' });
    expect(refusal({ vip: ['@example.org'] })).toEqual({ 'vip.0': 'Not an email address.' });
    for (const bad of ['example.org', '@', '@.org', '@example..org', 'a b@example.org', '@exa mple.org']) {
      expect(refusal({ muted: [bad] })).toEqual({ 'muted.0': 'Not an email address or @domain (e.g. @example.org).' });
    }
  });

  it('refuses the same entry twice, whatever its case', () => {
    expect(refusal({ vip: ['ann@example.org', 'ANN@example.org'] })).toEqual({ 'vip.1': 'ann@example.org is already in the VIP senders.' });
    expect(refusal({ muted: ['@x.test', '@X.test'] })).toEqual({ 'muted.1': '@x.test is already in the muted senders.' });
    expect(refusal({ folders: ['INBOX', 'inbox'] })).toEqual({ 'folders.1': 'INBOX is already in the folders.' });
  });

  it('refuses an address that is both a VIP and muted', () => {
    expect(refusal({ vip: ['ann@example.org'], muted: ['Ann@Example.org'] }))
      .toEqual({ 'muted.0': 'ann@example.org is a VIP sender; it cannot also be muted.' });
  });

  it('refuses no folders, empty names and too many of anything', () => {
    expect(refusal({ folders: [] })).toEqual({ folders: 'Choose at least one folder, or turn push off.' });
    expect(refusal({ folders: [''] })).toEqual({ 'folders.0': 'A folder name cannot be empty.' });
    expect(refusal({ folders: ['x'.repeat(256)] })).toHaveProperty(['folders.0']);
    expect(refusal({ folders: Array.from({ length: 51 }, (_, i) => `F${i}`) })).toEqual({ folders: 'At most 50 folders.' });
    expect(refusal({ muted: Array.from({ length: 501 }, (_, i) => `@d${i}.test`) })).toEqual({ muted: 'At most 500 muted senders.' });
    expect(refusal({ vip: Array.from({ length: 501 }, (_, i) => `v${i}@x.test`) })).toEqual({ vip: 'At most 500 VIP senders.' });
  });

  it('refuses a cap outside 1..100 per 1..1440 minutes', () => {
    for (const cap of [{ count: 0, minutes: 10 }, { count: 101, minutes: 10 }, { count: 1.5, minutes: 10 }]) expect(refusal({ cap })).toHaveProperty(['cap.count']);
    for (const cap of [{ count: 10, minutes: 0 }, { count: 10, minutes: 1441 }]) expect(refusal({ cap })).toHaveProperty(['cap.minutes']);
    expect(newMailSettings.safeParse({ cap: { count: 100, minutes: 1440 } }).success).toBe(true);
  });

  it('refuses an unknown detail level', () => {
    expect(refusal({ detail: 'everything' })).toHaveProperty(['detail']);
  });
});

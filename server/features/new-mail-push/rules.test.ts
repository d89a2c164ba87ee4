import { describe, expect, it } from 'vitest';
import { explainNewMail, isBulk, type NewMailEvent } from './rules.ts';
import { newMailSettings, type NewMailSettingsInput } from './rules.schema.ts';

// 12:00 UTC on a January Wednesday: 13:00 in Berlin, outside the quiet hours used below.
const NOON = Date.UTC(2026, 0, 14, 12, 0);
const event = (over: Partial<NewMailEvent> = {}): NewMailEvent =>
  ({ user: 'alice@example.test', folder: 'INBOX', from: '"Bob" <bob@example.org>', subject: 'Hi', receivedAt: NOON, ...over });
const settings = (over: NewMailSettingsInput = {}) => newMailSettings.parse(over);
const explain = (ev: NewMailEvent, s = settings(), context = { now: NOON }) =>
  explainNewMail(ev, s, context);
const NIGHT = { from: '22:00', to: '07:00', timeZone: 'Europe/Berlin' };
const AT_2330_BERLIN = Date.UTC(2026, 0, 14, 22, 30);

describe('defaults', () => {
  it('push Inbox mail, and say so', () => {
    expect(explain(event())).toEqual({ push: true, reason: 'allowed' });
  });

  it('push nothing when turned off', () => {
    expect(explain(event(), settings({ enabled: false, vip: ['bob@example.org'] }))).toEqual({ push: false, reason: 'disabled' });
  });
});

describe('mail delivered as read', () => {
  it('never pushes, from a VIP neither (a Sieve rule or the user marked it read)', () => {
    for (const flag of ['\\Seen', '\\seen']) {
      expect(explain(event({ flags: ['\\Flagged', flag] }), settings({ vip: ['bob@example.org'] }))).toEqual({ push: false, reason: 'seen' });
    }
    expect(explain(event({ flags: ['\\Flagged', '\\Recent'] })).reason).toBe('allowed');
  });
});

describe('folders', () => {
  it('match INBOX in any case, as IMAP does', () => {
    for (const folder of ['INBOX', 'inbox', 'Inbox']) expect(explain(event({ folder })).reason).toBe('allowed');
    expect(explain(event({ folder: 'INBOX' }), settings({ folders: ['inbox'] })).reason).toBe('allowed');
  });

  it('skip folders that were not chosen, Junk included', () => {
    expect(explain(event({ folder: 'Junk' }))).toEqual({ push: false, reason: 'folder_not_chosen' });
    expect(explain(event({ folder: 'Lists/dev' })).reason).toBe('folder_not_chosen');
  });

  it('match every other folder name exactly', () => {
    const s = settings({ folders: ['INBOX', 'Lists/dev', 'INBOX/Work'] });
    expect(explain(event({ folder: 'Lists/dev' }), s).reason).toBe('allowed');
    expect(explain(event({ folder: 'lists/dev' }), s).reason).toBe('folder_not_chosen');
    expect(explain(event({ folder: 'Lists/dev ' }), s).reason).toBe('folder_not_chosen');
    expect(explain(event({ folder: 'inbox/work' }), s).reason).toBe('folder_not_chosen');
    expect(explain(event({ folder: 'INBOX/Work' }), s).reason).toBe('allowed');
  });
});

describe('muted senders and domains', () => {
  it('mute an address whatever its case, display name or spaces', () => {
    const s = settings({ muted: ['Bob@Example.org'] });
    for (const from of ['bob@example.org', '  BOB@EXAMPLE.ORG ', '"Bob B." <Bob@example.ORG>', '=?UTF-8?B?Qm9i?= <bob@example.org>']) {
      expect(explain(event({ from }), s)).toEqual({ push: false, reason: 'muted_sender' });
    }
    expect(explain(event({ from: 'bobby@example.org' }), s).reason).toBe('allowed');
  });

  it('mute exactly the domain of an @domain entry, not its subdomains', () => {
    const s = settings({ muted: ['@Example.org'] });
    expect(explain(event({ from: 'Carol <carol@EXAMPLE.org>' }), s)).toEqual({ push: false, reason: 'muted_domain' });
    expect(explain(event({ from: 'news@mail.example.org' }), s).reason).toBe('allowed');
    expect(explain(event({ from: 'x@example.org.evil.test' }), s).reason).toBe('allowed');
    expect(explain(event({ from: 'x@notexample.org' }), s).reason).toBe('allowed');
  });

  it('name the address when both the address and its domain are muted', () => {
    expect(explain(event(), settings({ muted: ['@example.org', 'bob@example.org'] })).reason).toBe('muted_sender');
  });

  it('win over the folder rule', () => {
    expect(explain(event({ folder: 'Junk' }), settings({ muted: ['bob@example.org'] })).reason).toBe('muted_sender');
  });

  it('mute nobody when the From header has no address', () => {
    expect(explain(event({ from: '' }), settings({ muted: ['@example.org'] })).reason).toBe('allowed');
    // A From without an @ is no domain: a mute written @localhost does not catch "localhost".
    expect(explain(event({ from: 'localhost' }), settings({ muted: ['@localhost'] })).reason).toBe('allowed');
  });
});

describe('bulk and list mail', () => {
  it('is told by List-Id, a bulk Precedence, or rspamd', () => {
    expect(isBulk(event({ listId: '<dev.lists.example.org>' }))).toBe(true);
    for (const precedence of ['bulk', 'list', 'junk', ' Bulk ', 'LIST']) expect(isBulk(event({ precedence }))).toBe(true);
    expect(isBulk(event({ rspamdBulk: true }))).toBe(true);
    expect(isBulk(event({ listId: '  ', precedence: 'first-class', rspamdBulk: false }))).toBe(false);
    expect(isBulk(event())).toBe(false);
  });

  it("is told by the keyword Cowbell's Sieve script sets, in any case (IMAP keywords are case-insensitive)", () => {
    for (const keyword of ['$CowbellBulk', '$cowbellbulk']) expect(isBulk(event({ keywords: ['$label1', keyword] }))).toBe(true);
    expect(isBulk(event({ keywords: ['$CowbellBulkish', 'NonJunk'] }))).toBe(false);
  });

  it('does not push', () => {
    expect(explain(event({ listId: '<dev.lists.example.org>' }))).toEqual({ push: false, reason: 'bulk' });
  });

  it('pushes from a VIP', () => {
    expect(explain(event({ precedence: 'bulk', rspamdBulk: true }), settings({ vip: ['bob@example.org'] })))
      .toEqual({ push: true, reason: 'vip' });
  });
});

describe('quiet hours', () => {
  const quiet = settings({ quiet: NIGHT });

  it('hold back mail at night in the user\'s zone', () => {
    expect(explain(event(), quiet, { now: AT_2330_BERLIN })).toEqual({ push: false, reason: 'quiet_hours' });
    expect(explain(event(), quiet, { now: NOON }).reason).toBe('allowed');
  });

  it('let a VIP through', () => {
    const s = settings({ quiet: NIGHT, vip: ['BOB@example.org'] });
    expect(explain(event(), s, { now: AT_2330_BERLIN })).toEqual({ push: true, reason: 'vip' });
  });

  it('come after the bulk rule, so bulk mail at night says bulk', () => {
    expect(explain(event({ rspamdBulk: true }), quiet, { now: AT_2330_BERLIN }).reason).toBe('bulk');
  });
});

describe('VIP senders', () => {
  it('beat a mute of their domain', () => {
    const s = settings({ vip: ['bob@example.org'], muted: ['@example.org'] });
    expect(explain(event({ from: 'BOB <Bob@Example.org>' }), s)).toEqual({ push: true, reason: 'vip' });
    expect(explain(event({ from: 'eve@example.org' }), s).reason).toBe('muted_domain');
  });

  it('still need a chosen folder', () => {
    expect(explain(event({ folder: 'Junk' }), settings({ vip: ['bob@example.org'] })).reason).toBe('folder_not_chosen');
  });

});


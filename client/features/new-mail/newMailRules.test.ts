import { describe, expect, it } from 'vitest';
import { newMailSettings } from '../../../server/features/new-mail-push/rules.schema.ts';
import { addEntry, checkSettings, entryProblem, issueKeys, normaliseEntry, removeEntry, type Lists } from './newMailRules.ts';

const lists = (over: Partial<Lists> = {}): Lists => ({ folders: ['INBOX'], vip: [], muted: [], ...over });

describe('normaliseEntry', () => {
  it('writes addresses and domains lowercase, INBOX in capitals, and keeps other folder names', () => {
    expect(normaliseEntry('vip', '  Ann@Example.ORG ')).toBe('ann@example.org');
    expect(normaliseEntry('muted', '@News.Example.org')).toBe('@news.example.org');
    expect(normaliseEntry('folders', ' inbox ')).toBe('INBOX');
    expect(normaliseEntry('folders', 'Lists/Dev')).toBe('Lists/Dev');
  });
});

describe('addEntry', () => {
  it('adds a normalised entry at the end and leaves the given lists alone', () => {
    const before = lists({ vip: ['bob@example.org'] });
    const { lists: after, problem } = addEntry(before, 'vip', ' Ann@Example.org');
    expect(problem).toBeNull();
    expect(after.vip).toEqual(['bob@example.org', 'ann@example.org']);
    expect(before.vip).toEqual(['bob@example.org']);
  });

  it('takes a whole domain as muted, but not as a VIP (a VIP is a person)', () => {
    expect(addEntry(lists(), 'muted', '@example.org').problem).toBeNull();
    expect(addEntry(lists(), 'vip', '@example.org').problem).toBe('invalid');
  });

  it('says why an entry is refused', () => {
    expect(addEntry(lists(), 'vip', '   ').problem).toBe('empty');
    expect(addEntry(lists(), 'vip', 'Ann <ann@example.org>').problem).toBe('invalid');
    expect(addEntry(lists(), 'muted', 'example.org').problem).toBe('invalid');
    expect(addEntry(lists({ vip: ['ann@example.org'] }), 'vip', 'ANN@example.org').problem).toBe('repeat');
    expect(addEntry(lists(), 'folders', 'inbox').problem).toBe('repeat');
    expect(addEntry(lists({ vip: ['ann@example.org'] }), 'muted', 'Ann@example.org').problem).toBe('is_vip');
    expect(addEntry(lists({ muted: ['ann@example.org'] }), 'vip', 'ann@example.org').problem).toBe('is_muted');
    expect(addEntry(lists({ folders: Array.from({ length: 50 }, (_, i) => `F${i}`) }), 'folders', 'More').problem).toBe('full');
  });

  it('lets a VIP stay one whose domain is muted (the person beats the domain, as on the server)', () => {
    expect(addEntry(lists({ muted: ['@example.org'] }), 'vip', 'ann@example.org').problem).toBeNull();
  });
});

describe('removeEntry', () => {
  it('removes only the entry at the index', () => {
    expect(removeEntry(['a', 'b', 'a'], 2)).toEqual(['a', 'b']);
  });
});

describe('entryProblem at an index', () => {
  it('judges a repeat against the entries before it, as the server flags the later one', () => {
    const l = lists({ vip: ['ann@example.org', 'ann@example.org'] });
    expect(entryProblem(l, 'vip', 'ann@example.org', 0)).toBeNull();
    expect(entryProblem(l, 'vip', 'ann@example.org', 1)).toBe('repeat');
  });
});

describe('issueKeys', () => {
  const settings = { ...newMailSettings.parse({}), vip: ['ann@example.org'], muted: ['ok@example.org', 'ann@example.org'] };

  it('words the server\'s issues per field, an entry by what is wrong with it', () => {
    const keys = issueKeys([
      { path: 'muted.1' }, { path: 'quiet.timeZone' }, { path: 'quiet.from' }, { path: 'cap.count' }, { path: 'cap.minutes' },
      { path: 'folders' }, { path: 'something' },
    ], settings);
    expect(keys).toEqual({
      'muted.1': 'newMail.problem.is_vip', 'quiet.timeZone': 'newMail.quiet.badZone', 'quiet.from': 'newMail.quiet.badTime',
      'cap.count': 'newMail.cap.countRange', 'cap.minutes': 'newMail.cap.minutesRange', folders: 'newMail.listIssue.folders',
      something: 'validation.invalid',
    });
  });

  it('keeps the first issue of a field, and an entry the client finds nothing wrong with is still marked', () => {
    expect(issueKeys([{ path: 'muted.0' }, { path: 'muted.0' }], settings)).toEqual({ 'muted.0': 'newMail.muted.invalid' });
  });
});

describe('checkSettings', () => {
  it('finds what the server would refuse before anything is sent, by path', () => {
    const draft = { ...newMailSettings.parse({}), folders: [], cap: { count: 0, minutes: 10 },
      quiet: { from: '22:00', to: '7:00', timeZone: 'Europe/Berlin' } };
    const result = checkSettings(draft);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues.map((i) => i.path).sort()).toEqual(['cap.count', 'folders', 'quiet.to']);
  });

  it('returns the settings as the server takes them', () => {
    const result = checkSettings({ ...newMailSettings.parse({}), vip: ['Ann@Example.org'] });
    expect(result).toEqual({ ok: true, settings: expect.objectContaining({ vip: ['ann@example.org'] }) });
  });
});

import { describe, expect, it } from 'vitest';
import { attrFlag, attrString, parseAttributes, withAttributes } from './attributes.ts';

describe('mailcow JSON attributes', () => {
  it('reads string, number and boolean flags, and defaults for missing or empty keys', () => {
    const a = parseAttributes('{"force_pw_update":"1","tls_enforce_in":0,"sogo_access":true,"imap_access":""}');
    expect(attrFlag(a, 'force_pw_update', false)).toBe(true);
    expect(attrFlag(a, 'tls_enforce_in', true)).toBe(false);
    expect(attrFlag(a, 'sogo_access', false)).toBe(true);
    expect(attrFlag(a, 'imap_access', true)).toBe(true);
    expect(attrFlag(a, 'pop3_access', true)).toBe(true);
  });

  it('treats NULL, invalid JSON and non-objects as no attributes', () => {
    for (const raw of [null, undefined, '', '{oops', '[1,2]', '"1"']) expect(parseAttributes(raw)).toEqual({});
  });

  it('accepts only known values for enumerations', () => {
    const a = parseAttributes('{"quarantine_notification":"hourly","quarantine_category":"bogus"}');
    const cats = ['reject', 'add_header', 'all'] as const;
    expect(attrString(a, 'quarantine_notification', ['never', 'hourly', 'daily', 'weekly'], 'never')).toBe('hourly');
    expect(attrString(a, 'quarantine_category', cats, 'reject')).toBe('reject');
  });

  it('writes strings the way mailcow does and keeps keys it does not change', () => {
    const out = withAttributes('{"mailbox_format":"maildir:","force_tfa":"0"}', { force_tfa: true, relayhost: 0, quarantine_notification: 'daily' });
    expect(JSON.parse(out)).toEqual({ mailbox_format: 'maildir:', force_tfa: '1', relayhost: '0', quarantine_notification: 'daily' });
  });
});

import { describe, expect, it } from 'vitest';
import { senderAddress, senderLabel } from './addresses.ts';

describe('senderAddress', () => {
  it('takes the address out of a From header, lowercase and trimmed', () => {
    expect(senderAddress('"Ann Example" <Ann@Example.ORG>')).toBe('ann@example.org');
    expect(senderAddress('Ann <ann@example.org>  ')).toBe('ann@example.org');
    expect(senderAddress('  ANN@example.org ')).toBe('ann@example.org');
    expect(senderAddress('<ann@example.org>')).toBe('ann@example.org');
    expect(senderAddress('< ann@example.org >')).toBe('ann@example.org');
    expect(senderAddress('=?UTF-8?B?SsO8cmdlbg==?= <juergen@example.org>')).toBe('juergen@example.org');
  });

  it('uses the last angle brackets, so a name cannot pose as the address', () => {
    expect(senderAddress('"boss@example.org <boss@example.org>" <mallory@evil.test>')).toBe('mallory@evil.test');
  });

  it('gives an empty string for an empty header', () => {
    expect(senderAddress('')).toBe('');
    expect(senderAddress('  ')).toBe('');
  });
});

describe('senderLabel', () => {
  it('prefers a readable display name', () => {
    expect(senderLabel('"Jürgen Müller" <juergen@example.org>')).toBe('Jürgen Müller');
    expect(senderLabel('Ann <ann@example.org>')).toBe('Ann');
    expect(senderLabel('"O\\"Brien" <ob@example.org>')).toBe('O"Brien');
    // A name in MIME encoded words, as the raw header carries it, is decoded.
    expect(senderLabel('=?UTF-8?B?SsO8cmdlbg==?= <juergen@example.org>')).toBe('Jürgen');
  });

  it('falls back to the address for no name or an empty one', () => {
    expect(senderLabel('ann@example.org')).toBe('ann@example.org');
    expect(senderLabel('<ann@example.org>')).toBe('ann@example.org');
    expect(senderLabel('"" <ann@example.org>')).toBe('ann@example.org');
    expect(senderLabel('')).toBe('');
  });
});

import { describe, expect, it } from 'vitest';
import { addressDomain, registrableDomain, senderMismatch } from './senderDomains.ts';

describe('addressDomain', () => {
  it('reads the address of a header value or a bare address', () => {
    expect(addressDomain('"PayPaI Support" <billing@phish.example.net>')).toBe('phish.example.net');
    expect(addressDomain('Carol <carol@Example.TEST.>')).toBe('example.test');
    expect(addressDomain('bounce+x=y@mail.shop.example')).toBe('mail.shop.example');
    expect(addressDomain('"a@b.example" <real@other.example>')).toBe('other.example');
    expect(addressDomain('Zoë <zoe@bücher.example>')).toBe('xn--bcher-kva.example');
  });

  it('gives up on what is not an address with a domain', () => {
    for (const v of ['', 'unknown', 'empty-env-from@localhost', '<>', 'Undisclosed recipients:;', 'a@', 'a@b c.example']) {
      expect(addressDomain(v), v).toBeNull();
    }
  });
});

describe('registrableDomain', () => {
  it('keeps the name an organisation registered', () => {
    expect(registrableDomain('mail.example.com')).toBe('example.com');
    expect(registrableDomain('example.com')).toBe('example.com');
    expect(registrableDomain('a.b.example.co.uk')).toBe('example.co.uk');
    expect(registrableDomain('shop.example.com.au')).toBe('example.com.au');
    expect(registrableDomain('news.example.de')).toBe('example.de');
    expect(registrableDomain('co.uk')).toBe('co.uk');
    expect(registrableDomain('192.0.2.1')).toBe('192.0.2.1');
  });
});

describe('senderMismatch', () => {
  it('flags a From domain other than the envelope sender’s', () => {
    expect(senderMismatch('"Bank" <service@bank.example>', 'x@phish.example.net')).toEqual({ from: 'bank.example', sender: 'phish.example.net' });
    expect(senderMismatch('a@example.co.uk', 'b@other.co.uk')).toEqual({ from: 'example.co.uk', sender: 'other.co.uk' });
  });

  it('accepts subdomains of one organisation and unknown senders', () => {
    expect(senderMismatch('Shop <news@shop.example>', 'bounce-123@mail.shop.example')).toBeNull();
    expect(senderMismatch('Shop <news@SHOP.example>', 'news@shop.example')).toBeNull();
    expect(senderMismatch('Shop <news@shop.example>', '')).toBeNull();
    expect(senderMismatch('', 'x@shop.example')).toBeNull();
    expect(senderMismatch('a@x.example', 'empty-env-from@localhost')).toBeNull();
  });
});

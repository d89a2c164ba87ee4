import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { AddressNotAllowed, isPublicAddress, judgeEndpoint, parseLocalServices, publicOnlyLookup } from './outbound.ts';

describe('public addresses', () => {
  it('are public unicast only', () => {
    for (const ip of ['8.8.8.8', '142.250.74.46', '2a00:1450:4001:82a::200e', '2606:4700::1111']) expect(isPublicAddress(ip), ip).toBe(true);
    for (const ip of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1',
      '255.255.255.255', '192.0.2.1', '198.18.0.1', '240.0.0.1', '::', '::1', 'fe80::1', 'fc00::1', 'fd12::1', 'ff02::1',
      '::ffff:127.0.0.1', '::ffff:10.0.0.1', '64:ff9b::a00:1', '2002:a00:1::', '2001:db8::1', '::7f00:1', 'not an ip']) {
      expect(isPublicAddress(ip), ip).toBe(false);
    }
  });
});

describe('endpoints', () => {
  const local = parseLocalServices('http://127.0.0.1:44101, http://[::1]');

  it('must be https on a name or a public address, unless they are a configured local service', () => {
    expect(judgeEndpoint('https://fcm.googleapis.com/fcm/send/x', [])).toEqual({ allowed: true, local: false });
    expect(judgeEndpoint('https://8.8.8.8/x', [])).toEqual({ allowed: true, local: false });
    expect(judgeEndpoint('http://127.0.0.1:44101/push/a', local)).toEqual({ allowed: true, local: true });
    expect(judgeEndpoint('http://[::1]:9/push/a', local)).toEqual({ allowed: true, local: true });
    for (const url of ['http://fcm.googleapis.com/x', 'http://127.0.0.1:44102/x', 'https://127.0.0.1:44101/x', 'https://10.0.0.1/x',
      'https://[::1]/x', 'https://[::ffff:c0a8:101]/x', 'https://2130706433/x', 'ftp://example.com/x', 'nonsense']) {
      expect(judgeEndpoint(url, local).allowed, url).toBe(false);
    }
  });

  it('local services are origins, with or without a port', () => {
    expect(parseLocalServices('')).toEqual([]);
    expect(parseLocalServices('http://127.0.0.1,https://Push.Test:8443/')).toEqual([
      { protocol: 'http:', hostname: '127.0.0.1', port: null }, { protocol: 'https:', hostname: 'push.test', port: '8443' }]);
    for (const bad of ['127.0.0.1', 'http://127.0.0.1/path', 'ftp://x', 'http://h:99999']) expect(() => parseLocalServices(bad), bad).toThrow();
  });
});

describe('the look-up used when sending', () => {
  type Resolve = Parameters<typeof publicOnlyLookup>[0];
  const resolvingTo = (addresses: LookupAddress[]): Resolve => ((_host: string, _opts: unknown, cb: (e: Error | null, a: LookupAddress[]) => void) => cb(null, addresses)) as Resolve;
  const run = (resolve: Resolve, all: boolean) => new Promise<{ err: Error | null; result: unknown; family?: number }>((done) => {
    publicOnlyLookup(resolve)('push.example', { all }, (err: Error | null, result: unknown, family?: number) => done({ err, result, family }));
  });

  it('answers with the checked addresses, in both calling styles net.connect uses', async () => {
    const resolve = resolvingTo([{ address: '8.8.8.8', family: 4 }, { address: '2606:4700::1111', family: 6 }]);
    expect(await run(resolve, true)).toEqual({ err: null, result: [{ address: '8.8.8.8', family: 4 }, { address: '2606:4700::1111', family: 6 }], family: undefined });
    expect(await run(resolve, false)).toEqual({ err: null, result: '8.8.8.8', family: 4 });
  });

  it('refuses a name when any of its addresses is not public', async () => {
    const resolve = resolvingTo([{ address: '8.8.8.8', family: 4 }, { address: '10.0.0.5', family: 4 }]);
    expect((await run(resolve, true)).err).toBeInstanceOf(AddressNotAllowed);
    expect((await run(resolve, false)).err).toBeInstanceOf(AddressNotAllowed);
    expect((await run(resolvingTo([]), true)).err).toBeInstanceOf(AddressNotAllowed);
  });
});

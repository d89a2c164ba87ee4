// Requests Cowbell makes to URLs that users hand it (push endpoints). Such a URL must lead to the
// public internet over https: otherwise a user could make the server probe its own network (SSRF).
// The one exception is an operator's explicit list of local services (the tests' push service).
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

export interface LocalService {
  protocol: string;
  hostname: string;
  /** null: any port. */
  port: string | null;
}

/** "http://127.0.0.1, http://127.0.0.1:44101": origins, with or without a port. Throws on anything else. */
export function parseLocalServices(list: string): LocalService[] {
  return list.split(',').map((s) => s.trim()).filter(Boolean).map((entry) => {
    const m = /^(https?):\/\/(\[[0-9a-fA-F:.]+\]|[^/:\s[\]]+)(?::(\d{1,5}))?\/?$/.exec(entry);
    if (!m || (m[3] && Number(m[3]) > 65535)) throw new Error(`not an origin: ${entry}`);
    const url = new URL(`${m[1]}://${m[2]}`); // lower-cases the name and normalises IP literals
    return { protocol: url.protocol, hostname: url.hostname, port: m[3] ? String(Number(m[3])) : null };
  });
}

// 2000::/3 is all the IPv6 space handed out for global unicast; inside it, range() names the exceptions.
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');

/** Public unicast only: not loopback, private, link-local, unique-local, multicast, reserved, CGNAT, … */
export function isPublicAddress(ip: string): boolean {
  if (!isIP(ip)) return false;
  let addr = ipaddr.parse(ip);
  if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress()) addr = (addr as ipaddr.IPv6).toIPv4Address();
  if (addr.kind() === 'ipv6' && !addr.match(GLOBAL_UNICAST_V6)) return false;
  return addr.range() === 'unicast';
}

export type EndpointVerdict = { allowed: true; local: boolean } | { allowed: false; reason: string };

const effectivePort = (url: URL) => url.port || (url.protocol === 'https:' ? '443' : '80');

/**
 * What can be judged from the URL alone: https, and an IP literal must be public. A host name is
 * judged when sending, by what it resolves to (publicOnlyLookup).
 */
export function judgeEndpoint(endpoint: string, localServices: LocalService[]): EndpointVerdict {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return { allowed: false, reason: 'is not a URL' };
  }
  const local = localServices.some((s) => s.protocol === url.protocol && s.hostname === url.hostname
    && (s.port === null || s.port === effectivePort(url)));
  if (local) return { allowed: true, local: true };
  if (url.protocol !== 'https:') return { allowed: false, reason: 'must be an https address' };
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && !isPublicAddress(host)) return { allowed: false, reason: 'must be a public address' };
  return { allowed: true, local: false };
}

export class AddressNotAllowed extends Error {
  readonly code = 'ENOTPUBLIC';
  constructor(hostname: string) {
    super(`${hostname} resolves to an address that is not public`);
  }
}

type Resolve = (hostname: string, options: { all: true }, callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;

/**
 * A `lookup` for http(s).request: resolves the name, refuses it if any address is not public, and
 * hands the socket exactly the addresses it checked (no second look-up a rebinding name could win).
 * net.connect asks for `all` addresses when it races IPv4 and IPv6, and for one otherwise.
 */
export function publicOnlyLookup(resolve: Resolve = dnsLookup as Resolve): LookupFunction {
  return ((hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    resolve(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err);
      if (addresses.length === 0 || addresses.some((a) => !isPublicAddress(a.address))) return callback(new AddressNotAllowed(hostname));
      if (options.all) return callback(null, addresses);
      return callback(null, addresses[0].address, addresses[0].family);
    });
  }) as LookupFunction;
}

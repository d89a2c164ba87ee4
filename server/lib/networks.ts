import ipaddr from 'ipaddr.js';

/** Loopback and private ranges: what "TRUST_PROXY=1" means (a proxy on this host or its private network). */
export const PRIVATE_NETWORKS = '127.0.0.0/8,::1/128,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,fc00::/7';

export type NetworkList = [ipaddr.IPv4 | ipaddr.IPv6, number][];

/** Parses "127.0.0.0/8, ::1/128, 10.1.2.3" (a bare address is a /32 or /128). Throws on nonsense. */
export function parseNetworks(list: string): NetworkList {
  return list.split(',').map((s) => s.trim()).filter(Boolean).map((entry) => {
    if (entry.includes('/')) return ipaddr.parseCIDR(entry);
    const addr = ipaddr.parse(entry);
    return [addr, addr.kind() === 'ipv4' ? 32 : 128];
  });
}

export function inNetworks(ip: string, networks: NetworkList): boolean {
  if (!ipaddr.isValid(ip)) return false;
  let addr = ipaddr.parse(ip);
  if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress()) addr = (addr as ipaddr.IPv6).toIPv4Address();
  return networks.some(([net, bits]) => net.kind() === addr.kind() && addr.match(net, bits));
}

/**
 * mailcow's valid_network(): an IPv4 address in four decimal parts, an IPv6 address (no zone), or
 * either with a "/<digits>" prefix of at most 32 or 128 bits. Stricter than ipaddr.parse, which
 * takes "1.2.3" or "0x7f.1" as IPv4 where PHP's filter_var does not.
 */
export function isMailcowNetwork(entry: string): boolean {
  const [address, bits, ...rest] = entry.split('/');
  if (rest.length > 0 || (bits !== undefined && !/^\d+$/.test(bits))) return false;
  const max = ipaddr.IPv4.isValidFourPartDecimal(address) ? 32 : !address.includes('%') && ipaddr.IPv6.isValid(address) ? 128 : -1;
  return max > 0 && (bits === undefined || Number(bits) <= max);
}

/**
 * What a per-client limit counts: an IPv4 address as it is, an IPv6 address by its /64 (one
 * subscriber usually holds a whole /64, so counting single addresses would limit nothing).
 */
export function rateLimitKey(ip: string): string {
  if (!ipaddr.isValid(ip)) return ip;
  let addr = ipaddr.parse(ip);
  if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress()) addr = (addr as ipaddr.IPv6).toIPv4Address();
  if (addr.kind() === 'ipv4') return addr.toString();
  const parts = (addr as ipaddr.IPv6).parts.slice(0, 4).map((p) => p.toString(16));
  return `${parts.join(':')}::/64`;
}

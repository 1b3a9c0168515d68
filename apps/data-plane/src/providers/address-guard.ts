import dns from 'node:dns';
import net, { BlockList, type LookupFunction } from 'node:net';
import type { buildConnector } from 'undici';

/** A connection refused because the address it would reach is not public. */
export class BlockedAddressError extends Error {
  override readonly name = 'BlockedAddressError';
  readonly code = 'ERR_BLOCKED_ADDRESS';

  constructor(
    readonly host: string,
    readonly address: string,
  ) {
    super(`refusing to connect to ${host}: ${address} is not a public address`);
  }
}

const IPV4_RANGES: readonly (readonly [string, number])[] = [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT (also Alibaba's metadata 100.100.100.200)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata 169.254.169.254)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
];

const IPV6_RANGES: readonly (readonly [string, number])[] = [
  ['::', 96], // unspecified, loopback, IPv4-compatible (deprecated)
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard
  ['2001::', 32], // Teredo
  ['2001:10::', 28], // ORCHID
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local (AWS metadata fd00:ec2::254)
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
];

const BLOCKED = new BlockList();
for (const [network, prefix] of IPV4_RANGES) BLOCKED.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of IPV6_RANGES) BLOCKED.addSubnet(network, prefix, 'ipv6');

/** The 16 bytes of an IPv6 address (already validated by `net.isIPv6`). */
function ipv6Bytes(address: string): number[] {
  let text = address;
  const tail: number[] = [];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1] !== undefined) {
    tail.push(...dotted[1].split('.').map(Number));
    text = text.slice(0, -dotted[1].length) + '0:0';
  }
  const [head = '', rest] = text.split('::');
  const groups = (part: string): string[] => (part === '' ? [] : part.split(':'));
  const left = groups(head);
  const right = rest === undefined ? [] : groups(rest);
  const fill = Array.from({ length: 8 - left.length - right.length }, () => '0');
  const words = [...left, ...fill, ...right].map((group) => parseInt(group, 16));
  const bytes = words.flatMap((word) => [word >> 8, word & 0xff]);
  if (tail.length === 4) bytes.splice(12, 4, ...tail);
  return bytes;
}

/** The IPv4 address an IPv6 address carries, for the forms that route to it. */
function embeddedIpv4(address: string): string | undefined {
  const bytes = ipv6Bytes(address);
  const v4 = (offset: number): string => bytes.slice(offset, offset + 4).join('.');
  const startsWith = (prefix: readonly number[]): boolean =>
    prefix.every((byte, index) => bytes[index] === byte);
  if (startsWith([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff])) return v4(12); // ::ffff:a.b.c.d
  if (startsWith([0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0])) return v4(12); // 64:ff9b::a.b.c.d (NAT64)
  if (startsWith([0x20, 0x02])) return v4(2); // 2002:AABB:CCDD:: (6to4)
  return undefined;
}

/**
 * False for loopback, private, link-local, cloud-metadata, multicast, documentation and other
 * non-global addresses, including IPv4 ones wrapped in IPv6 (`::ffff:127.0.0.1`, NAT64, 6to4).
 * Not an IP address at all: false.
 *
 * @example
 * isPublicAddress('8.8.8.8'); // true
 * isPublicAddress('::ffff:169.254.169.254'); // false
 */
export function isPublicAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = net.isIP(bare);
  if (family === 4) return !BLOCKED.check(bare, 'ipv4');
  if (family !== 6) return false;
  const inner = embeddedIpv4(bare);
  if (inner !== undefined && BLOCKED.check(inner, 'ipv4')) return false;
  return !BLOCKED.check(bare, 'ipv6');
}

export interface AddressGuard {
  /** Whether a connection to `address` (reached through `host`) is allowed. */
  allows(address: string, host: string): boolean;
  /** A `net.connect` lookup that fails with `BlockedAddressError` when any resolved address is refused. */
  lookup: LookupFunction;
  /** Wraps an undici connector: IP literals are checked here, names through `lookup`. */
  wrap(connector: buildConnector.connector): buildConnector.connector;
}

function parseAllowed(entries: readonly string[]): { names: Set<string>; ranges: BlockList } {
  const names = new Set<string>();
  const ranges = new BlockList();
  for (const entry of entries) {
    const [network = '', prefix] = entry.trim().toLowerCase().split('/');
    const bare = network.replace(/^\[|\]$/g, '');
    const family = net.isIP(bare);
    if (family === 0) {
      names.add(bare.replace(/\.$/, ''));
    } else if (prefix === undefined) {
      ranges.addAddress(bare, family === 4 ? 'ipv4' : 'ipv6');
    } else {
      ranges.addSubnet(bare, Number(prefix), family === 4 ? 'ipv4' : 'ipv6');
    }
  }
  return { names, ranges };
}

/**
 * The SSRF check for tenant-owned providers, applied when connecting rather than when the URL was
 * saved, so a name that later resolves to an internal address (DNS rebinding) is still refused.
 * `allowedHosts` lists what the operator permits anyway: host names, IP addresses or CIDR ranges.
 *
 * @example
 * const guard = createAddressGuard({ allowedHosts: ['vllm.internal', '10.20.0.0/16'] });
 * new Agent({ connect: guard.wrap(buildConnector({ timeout: 5000, lookup: guard.lookup })) });
 */
export function createAddressGuard(options: { allowedHosts?: readonly string[] } = {}): AddressGuard {
  const allowed = parseAllowed(options.allowedHosts ?? []);
  const normalizeHost = (host: string): string =>
    host
      .toLowerCase()
      .replace(/^\[|\]$/g, '')
      .replace(/\.$/, '');

  const allows = (address: string, host: string): boolean => {
    if (allowed.names.has(normalizeHost(host))) return true;
    const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
    const family = net.isIP(bare);
    if (family !== 0 && allowed.ranges.check(bare, family === 4 ? 'ipv4' : 'ipv6')) return true;
    return isPublicAddress(bare);
  };

  const lookup: LookupFunction = (hostname, lookupOptions, callback) => {
    dns.lookup(
      hostname,
      { all: true, family: lookupOptions.family ?? 0, hints: lookupOptions.hints ?? 0 },
      (error, addresses) => {
        if (error !== null) {
          callback(error, '', 0);
          return;
        }
        const refused = addresses.find((entry) => !allows(entry.address, hostname));
        if (refused !== undefined) {
          callback(new BlockedAddressError(hostname, refused.address), '', 0);
          return;
        }
        const [first] = addresses;
        if (lookupOptions.all === true) {
          callback(null, addresses);
        } else if (first === undefined) {
          callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
        } else {
          callback(null, first.address, first.family);
        }
      },
    );
  };

  const wrap =
    (connector: buildConnector.connector): buildConnector.connector =>
    (connectOptions, callback) => {
      const host = normalizeHost(connectOptions.hostname);
      if (net.isIP(host) !== 0 && !allows(host, host)) {
        callback(new BlockedAddressError(host, host), null);
        return;
      }
      connector(connectOptions, callback);
    };

  return { allows, lookup, wrap };
}

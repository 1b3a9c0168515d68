import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Where a tenant-owned provider may not point (SSRF): loopback, link-local (including the cloud
 * metadata address 169.254.169.254), private, unique-local, unspecified, carrier-grade NAT,
 * multicast and broadcast ranges, in IPv4 and IPv6 (IPv4-mapped IPv6 addresses are unwrapped).
 */
const blocked = new BlockList();
blocked.addSubnet('0.0.0.0', 8, 'ipv4');
blocked.addSubnet('10.0.0.0', 8, 'ipv4');
blocked.addSubnet('100.64.0.0', 10, 'ipv4');
blocked.addSubnet('127.0.0.0', 8, 'ipv4');
blocked.addSubnet('169.254.0.0', 16, 'ipv4');
blocked.addSubnet('172.16.0.0', 12, 'ipv4');
blocked.addSubnet('192.0.0.0', 24, 'ipv4');
blocked.addSubnet('192.168.0.0', 16, 'ipv4');
blocked.addSubnet('198.18.0.0', 15, 'ipv4');
blocked.addSubnet('224.0.0.0', 4, 'ipv4');
blocked.addSubnet('240.0.0.0', 4, 'ipv4');
blocked.addAddress('::', 'ipv6');
blocked.addAddress('::1', 'ipv6');
blocked.addSubnet('fe80::', 10, 'ipv6');
blocked.addSubnet('fc00::', 7, 'ipv6');
blocked.addSubnet('ff00::', 8, 'ipv6');
// AWS's IPv6 instance metadata endpoint.
blocked.addAddress('fd00:ec2::254', 'ipv6');

const IPV4_MAPPED = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/** True when an IP address (v4 or v6, without brackets) is one a tenant's provider may not reach. */
export function isForbiddenAddress(address: string): boolean {
  const mapped = IPV4_MAPPED.exec(address);
  if (mapped?.[1] !== undefined) return isForbiddenAddress(mapped[1]);
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family === 6) return blocked.check(address, 'ipv6');
  // Not an address at all: refuse rather than guess.
  return true;
}

/** A comma-separated host list (PROVIDER_ALLOWED_HTTP_HOSTS): lower-cased, IPv6 brackets dropped. */
export function parseHostList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((host) =>
      host
        .trim()
        .toLowerCase()
        .replace(/^\[(.*)\]$/, '$1'),
    )
    .filter((host) => host !== '');
}

/** The host of a URL without IPv6 brackets, lower-cased. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
}

/**
 * What is wrong with a URL the platform will call out to (a provider's base URL, an issuer's
 * JWKS) on its face, no DNS: not a URL, credentials or a query in it, or plain http to a host that
 * PROVIDER_ALLOWED_HTTP_HOSTS does not list. `field` names it in the message.
 */
export function baseUrlProblem(
  value: string,
  allowedHttpHosts: readonly string[],
  field = 'baseUrl',
): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `${field} must be an absolute https URL`;
  }
  if (url.username !== '' || url.password !== '') return `${field} must not contain credentials`;
  if (url.search !== '' || url.hash !== '') return `${field} must not have a query or a fragment`;
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:') {
    return allowedHttpHosts.includes(hostOf(url))
      ? undefined
      : `${field} must use https (plain http only for hosts listed in PROVIDER_ALLOWED_HTTP_HOSTS)`;
  }
  return `${field} must be an absolute https URL`;
}

export type LookupAll = (host: string) => Promise<readonly { address: string }[]>;

/** Every address a host resolves to, as the system resolver answers. */
export const lookupAll: LookupAll = (host) => lookup(host, { all: true, verbatim: true });

/**
 * For a tenant-owned provider: the problem with where baseUrl resolves to, if any. Every resolved
 * address must be public; a host that does not resolve is refused as well.
 */
export async function resolvedAddressProblem(
  value: string,
  lookup: LookupAll,
  field = 'baseUrl',
): Promise<string | undefined> {
  const host = hostOf(new URL(value));
  let addresses: readonly { address: string }[];
  if (isIP(host) !== 0) addresses = [{ address: host }];
  else {
    try {
      addresses = await lookup(host);
    } catch {
      return `${field} host "${host}" does not resolve`;
    }
  }
  if (addresses.length === 0) return `${field} host "${host}" does not resolve`;
  const bad = addresses.find((entry) => isForbiddenAddress(entry.address));
  return bad === undefined
    ? undefined
    : `${field} must not point at a loopback, link-local, private or metadata address (${host} is ${bad.address})`;
}

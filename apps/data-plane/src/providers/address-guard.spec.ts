import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { BlockedAddressError, createAddressGuard, isPublicAddress } from './address-guard.js';

function lookup(
  guard: ReturnType<typeof createAddressGuard>,
  hostname: string,
): Promise<{ error: NodeJS.ErrnoException | null; addresses: string | LookupAddress[] }> {
  return new Promise((resolve) => {
    guard.lookup(hostname, { all: true }, (error, addresses) => {
      resolve({ error, addresses });
    });
  });
}

describe(isPublicAddress.name, () => {
  it.each([
    ['127.0.0.1', 'IPv4 loopback'],
    ['10.0.0.1', 'private 10/8'],
    ['172.16.5.4', 'private 172.16/12'],
    ['192.168.1.1', 'private 192.168/16'],
    ['169.254.169.254', 'link-local cloud metadata'],
    ['100.100.100.200', 'carrier-grade NAT (Alibaba metadata)'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['::1', 'IPv6 loopback'],
    ['::', 'IPv6 unspecified'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['::ffff:7f00:1', 'IPv4-mapped loopback in hex'],
    ['::ffff:169.254.169.254', 'IPv4-mapped metadata'],
    ['64:ff9b::a00:1', 'NAT64 of 10.0.0.1'],
    ['2002:7f00:1::', '6to4 of 127.0.0.1'],
    ['fd00:ec2::254', 'unique local (AWS metadata over IPv6)'],
    ['fe80::1%eth0', 'link-local with a zone'],
    ['[::1]', 'bracketed loopback'],
    ['ff02::1', 'IPv6 multicast'],
    ['example.com', 'not an address at all'],
  ])('refuses %s (%s)', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each([
    ['8.8.8.8'],
    ['104.18.7.192'],
    ['2606:4700:4700::1111'],
    ['64:ff9b::808:808'],
    ['::ffff:8.8.8.8'],
  ])('allows the public address %s', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});

describe(createAddressGuard.name, () => {
  it('refuses private addresses unless the operator allows the host, the address or its range', () => {
    const strict = createAddressGuard();
    expect(strict.allows('10.1.2.3', 'vllm.internal')).toBe(false);
    expect(strict.allows('8.8.8.8', 'dns.google')).toBe(true);

    const lenient = createAddressGuard({
      allowedHosts: ['VLLM.internal', '10.20.0.0/16', '127.0.0.1', 'fd12::/16'],
    });
    expect(lenient.allows('10.1.2.3', 'vllm.internal')).toBe(true);
    expect(lenient.allows('10.20.9.9', 'other.internal')).toBe(true);
    expect(lenient.allows('127.0.0.1', '127.0.0.1')).toBe(true);
    expect(lenient.allows('fd12::1', 'v6.internal')).toBe(true);
    expect(lenient.allows('10.21.0.1', 'other.internal')).toBe(false);
    expect(lenient.allows('169.254.169.254', 'metadata.internal')).toBe(false);
  });

  it('fails a lookup whose name resolves to a refused address, with BlockedAddressError', async () => {
    const { error } = await lookup(createAddressGuard(), 'localhost');

    expect(error).toBeInstanceOf(BlockedAddressError);
    expect(error?.code).toBe('ERR_BLOCKED_ADDRESS');
  });

  it('resolves an allowed name normally', async () => {
    const { error, addresses } = await lookup(
      createAddressGuard({ allowedHosts: ['localhost'] }),
      'localhost',
    );

    expect(error).toBeNull();
    expect(Array.isArray(addresses) && addresses.length > 0).toBe(true);
  });

  it('refuses an IP literal in the connector before dialling', async () => {
    const guard = createAddressGuard();
    let dialled = false;
    const connector = guard.wrap((_options, callback) => {
      dialled = true;
      callback(new Error('should not dial'), null);
    });

    const error = await new Promise<Error | null>((resolve) => {
      connector({ hostname: '[::ffff:127.0.0.1]', protocol: 'http:', port: '80' }, (...args) => {
        resolve(args[0]);
      });
    });

    expect(error).toBeInstanceOf(BlockedAddressError);
    expect(dialled).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { baseUrlProblem, isForbiddenAddress, resolvedAddressProblem } from './outbound-url.js';

describe('isForbiddenAddress', () => {
  it.each([
    '127.0.0.1',
    '127.1.2.3',
    '10.0.0.1',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '0.0.0.0',
    '100.64.0.1',
    '::1',
    '::',
    'fe80::1',
    'fc00::1',
    'fd12:3456::1',
    'fd00:ec2::254',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    'not-an-address',
  ])('refuses %s', (address) => {
    expect(isForbiddenAddress(address)).toBe(true);
  });

  it.each(['8.8.8.8', '172.32.0.1', '1.1.1.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])(
    'accepts %s',
    (address) => {
      expect(isForbiddenAddress(address)).toBe(false);
    },
  );
});

describe('baseUrlProblem', () => {
  it('accepts https and allowed http hosts only', () => {
    expect(baseUrlProblem('https://api.openai.com/v1', [])).toBeUndefined();
    expect(baseUrlProblem('http://api.openai.com/v1', [])).toMatch(/https/);
    expect(baseUrlProblem('http://vllm.internal:8000/v1', ['vllm.internal'])).toBeUndefined();
    expect(baseUrlProblem('ftp://x.example.com', [])).toMatch(/https/);
    expect(baseUrlProblem('not a url', [])).toMatch(/absolute/);
    expect(baseUrlProblem('https://u:p@x.example.com', [])).toMatch(/credentials/);
    expect(baseUrlProblem('https://x.example.com/?a=1', [])).toMatch(/query/);
  });
});

describe('resolvedAddressProblem', () => {
  const lookup = (table: Record<string, string[]>) => (host: string) =>
    table[host] === undefined
      ? Promise.reject(new Error('ENOTFOUND'))
      : Promise.resolve(table[host].map((address) => ({ address })));

  it('checks every resolved address', async () => {
    const dns = lookup({ 'mixed.example': ['8.8.8.8', '10.1.2.3'], 'ok.example': ['8.8.4.4'] });
    expect(await resolvedAddressProblem('https://mixed.example/v1', dns)).toMatch(/10\.1\.2\.3/);
    expect(await resolvedAddressProblem('https://ok.example/v1', dns)).toBeUndefined();
    expect(await resolvedAddressProblem('https://gone.example/v1', dns)).toMatch(/does not resolve/);
    expect(await resolvedAddressProblem('https://[::1]/v1', dns)).toMatch(/::1/);
    expect(await resolvedAddressProblem('https://169.254.169.254/', dns)).toMatch(/metadata/);
  });
});

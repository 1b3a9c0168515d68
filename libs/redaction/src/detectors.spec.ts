import { describe, expect, it } from 'vitest';
import { passesLuhn } from './detectors.js';
import { detect } from './engine.js';
import type { EntityType } from './types.js';

/** The substrings `detect` reports for one entity type. */
function found(type: EntityType, text: string): string[] {
  return detect(text, { types: [type] }).map((f) => text.slice(f.start, f.end));
}

describe('EMAIL', () => {
  it.each([
    ['Contact alice.smith+tag@example.co.uk today.', 'alice.smith+tag@example.co.uk'],
    ['<Bob_99@Sub.Example-Mail.COM>', 'Bob_99@Sub.Example-Mail.COM'],
    ['mailto:ops@portcullis.dev,', 'ops@portcullis.dev'],
    ['"x%y@mail.example.org"', 'x%y@mail.example.org'],
  ])('finds the address in %j', (text, expected) => {
    expect(found('EMAIL', text)).toEqual([expected]);
  });

  it('finds several addresses', () => {
    expect(found('EMAIL', 'a@b.io; c@d.io')).toEqual(['a@b.io', 'c@d.io']);
  });

  it.each([
    'root@localhost',
    'follow @portcullis on social',
    'user@ example.com',
    'foo@bar.c',
    'ssh git@github',
    'price: 10@2.50',
  ])('finds nothing in %j', (text) => {
    expect(found('EMAIL', text)).toEqual([]);
  });
});

describe('CREDIT_CARD', () => {
  it.each([
    ['Visa 4111 1111 1111 1111 exp 12/28', '4111 1111 1111 1111'],
    ['mc=5555-5555-5555-4444.', '5555-5555-5555-4444'],
    ['amex 378282246310005', '378282246310005'],
    ['13 digits 4222222222222', '4222222222222'],
    ['19 digits 6221260000000000001', '6221260000000000001'],
    ['card:4000056655665556', '4000056655665556'],
  ])('finds the card in %j', (text, expected) => {
    expect(found('CREDIT_CARD', text)).toEqual([expected]);
  });

  it('finds a card that follows other digit groups', () => {
    expect(found('CREDIT_CARD', 'ref 1234 4111 1111 1111 1111')).toEqual(['4111 1111 1111 1111']);
  });

  it.each([
    ['a Luhn-failing 16-digit number', 'card 4111 1111 1111 1112'],
    ['an ISBN-13 that fails Luhn', 'ISBN 978-0-306-40615-7'],
    ['an ISBN-13 without dashes', 'ISBN 9781861972712'],
    ['an order number', 'Order #2024000123456 shipped'],
    ['a UUID of digits', 'id 12345678-1234-5678-1234-567812345678'],
    ['a UUID', 'trace 550e8400-e29b-41d4-a716-446655440000'],
    ['too short', 'pin 4111 1111 1111'],
    ['too long', '41111111111111111111111'],
    ['a phone number', 'call +1 (555) 123-4567'],
    ['a card inside a longer dash-joined id', 'sku 4111-1111-1111-1111-0001'],
  ])('finds nothing in %s', (_label, text) => {
    expect(found('CREDIT_CARD', text)).toEqual([]);
  });

  it('implements Luhn', () => {
    expect(passesLuhn('79927398713')).toBe(true);
    expect(passesLuhn('79927398710')).toBe(false);
    expect(passesLuhn('4111-1111 1111-1111')).toBe(true);
  });
});

describe('IP_ADDRESS', () => {
  it.each([
    ['from 10.0.0.1.', '10.0.0.1'],
    ['host=192.168.1.255:8080', '192.168.1.255'],
    ['0.0.0.0/0', '0.0.0.0'],
    ['1.2.3.4 is a valid address', '1.2.3.4'],
    ['v6 2001:0db8:85a3:0000:0000:8a2e:0370:7334 ok', '2001:0db8:85a3:0000:0000:8a2e:0370:7334'],
    ['compressed 2001:db8::8a2e:370:7334,', '2001:db8::8a2e:370:7334'],
    ['loopback ::1.', '::1'],
    ['link-local FE80::1%eth0', 'FE80::1'],
    ['mapped ::ffff:192.0.2.1 here', '::ffff:192.0.2.1'],
    ['[2001:db8::1]:443', '2001:db8::1'],
  ])('finds the address in %j', (text, expected) => {
    expect(found('IP_ADDRESS', text)).toEqual([expected]);
  });

  it.each([
    ['an out-of-range octet', 'bad 999.1.1.1'],
    ['all octets out of range', '256.256.256.256'],
    ['a five-part version', 'version 1.2.3.4.5'],
    ['a three-part version', 'v1.2.3'],
    ['leading zeros', '01.02.03.04'],
    ['a time of day', 'at 12:30:45'],
    ['a MAC address', 'mac 00:1A:2B:3C:4D:5E'],
    ['C++ scope', 'std::vector<int> and a::b::c'],
    ['bare colons', 'a :: b'],
    ['a UUID', '550e8400-e29b-41d4-a716-446655440000'],
  ])('finds nothing in %s', (_label, text) => {
    expect(found('IP_ADDRESS', text)).toEqual([]);
  });
});

describe('SECRET', () => {
  // Built by concatenation so that secret scanners do not flag this file.
  const aws = 'AKIA' + 'IOSFODNN7EXAMPLE';
  const sts = 'ASIA' + 'Y34FZKBOKMUTVV7A';
  const ghp = 'ghp_' + 'a1B2c3D4e5'.repeat(3) + 'F6g7H8';
  const ghs = 'ghs_' + 'Z9y8X7w6V5'.repeat(3) + 'u4T3s2';
  const pat = 'github_pat_' + '11ABCDEFG0123456789abc' + '_' + 'x'.repeat(59);
  const openai = 'sk-' + 'T3BlbkFJ'.repeat(6);
  const project = 'sk-proj-' + 'Ab3_dE-f9'.repeat(8);
  const anthropic = 'sk-ant-api03-' + 'Qw3-rTy_9'.repeat(10) + '-AA';
  const pem = [
    '-----BEGIN RSA PRIVATE KEY-----',
    'MIIEowIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MhgHcTz6sE2I2yPB',
    'aFDrBz9vFqU4yM0cdrQZ7ZkU1uO1KZ7xN+8j/w==',
    '-----END RSA PRIVATE KEY-----',
  ].join('\n');

  it.each([
    ['an AWS access key id', aws],
    ['an AWS temporary key id', sts],
    ['a GitHub personal token', ghp],
    ['a GitHub server token', ghs],
    ['a fine-grained GitHub token', pat],
    ['an OpenAI key', openai],
    ['an OpenAI project key', project],
    ['an Anthropic key', anthropic],
    ['a PEM private key', pem],
  ])('finds %s', (_label, secret) => {
    expect(found('SECRET', `config: "${secret}"\nnext line`)).toEqual([secret]);
  });

  it('finds an OpenSSH key and a key without an END line up to the end of its base64 body', () => {
    const openssh =
      '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----';
    const truncated = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nAQEAz9';
    expect(found('SECRET', `${openssh} and`)).toEqual([openssh]);
    expect(found('SECRET', `paste:\n${truncated}\n\nthanks`)).toEqual([truncated]);
  });

  it.each([
    ['a short AWS-like id', 'AKIA' + 'IOSFODNN7EXAMPL'],
    ['an AWS-like id inside a longer word', 'XAKIA' + 'IOSFODNN7EXAMPLE'],
    ['a lower-case AWS-like id', 'akia' + 'iosfodnn7example'],
    ['a short GitHub-like token', 'ghp_' + 'abc123'],
    ['a word ending in sk-', 'task-force-for-quarterly-planning-reviews'],
    ['sk-learn', 'pip install sk-learn'],
    [
      'a public key',
      '-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A\n-----END PUBLIC KEY-----',
    ],
    ['a certificate', '-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIE\n-----END CERTIFICATE-----'],
  ])('finds nothing in %s', (_label, text) => {
    expect(found('SECRET', text)).toEqual([]);
  });
});

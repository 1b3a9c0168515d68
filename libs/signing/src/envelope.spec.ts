import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptSecret, encryptSecret, parseMasterKey } from './envelope.js';
import { EnvelopeError, type EnvelopeErrorCode } from './errors.js';

const masterKey = new Uint8Array(randomBytes(32));
const otherKey = new Uint8Array(randomBytes(32));

function expectEnvelopeError(fn: () => unknown, code: EnvelopeErrorCode): EnvelopeError {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(EnvelopeError);
  expect((caught as EnvelopeError).code).toBe(code);
  return caught as EnvelopeError;
}

/** Changes one character in the middle of part `index`, keeping it valid base64url. */
function tamperPart(envelope: string, index: number): string {
  const parts = envelope.split('.');
  const part = parts[index] ?? '';
  const i = Math.floor(part.length / 2);
  parts[index] = part.slice(0, i) + (part[i] === 'A' ? 'B' : 'A') + part.slice(i + 1);
  return parts.join('.');
}

describe('encryptSecret / decryptSecret', () => {
  it('round-trips text, including empty and non-ASCII text', () => {
    for (const plaintext of ['sk-live-123', '', 'pässwörd 🔑 with spaces']) {
      expect(decryptSecret(encryptSecret(plaintext, masterKey), masterKey)).toBe(plaintext);
      expect(decryptSecret(encryptSecret(plaintext, masterKey, 'row:1'), masterKey, 'row:1')).toBe(plaintext);
    }
  });

  it('produces a versioned envelope with fresh randomness each time', () => {
    const a = encryptSecret('sk-live-123', masterKey);
    const b = encryptSecret('sk-live-123', masterKey);
    expect(a).toMatch(/^v1\.[A-Za-z0-9_-]{11}\.[A-Za-z0-9_-]{80}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    expect(a).not.toContain(Buffer.from('sk-live-123').toString('base64url'));
    const [, keyIdA, wrappedA, ivA, ctA] = a.split('.');
    const [, keyIdB, wrappedB, ivB, ctB] = b.split('.');
    expect(keyIdA).toBe(keyIdB);
    expect(wrappedA).not.toBe(wrappedB);
    expect(ivA).not.toBe(ivB);
    expect(ctA).not.toBe(ctB);
  });

  it('reports a different master key as such', () => {
    const envelope = encryptSecret('secret', masterKey);
    expectEnvelopeError(() => decryptSecret(envelope, otherKey), 'WRONG_MASTER_KEY');
  });

  it('rejects a different aad, and a missing one', () => {
    const envelope = encryptSecret('secret', masterKey, 'provider-credential:1');
    expectEnvelopeError(
      () => decryptSecret(envelope, masterKey, 'provider-credential:2'),
      'DECRYPTION_FAILED',
    );
    expectEnvelopeError(() => decryptSecret(envelope, masterKey), 'DECRYPTION_FAILED');
  });

  it.each([
    [2, 'wrapped data key'],
    [3, 'iv'],
    [4, 'ciphertext'],
  ])('detects tampering with part %i (%s)', (index) => {
    const envelope = encryptSecret('a secret long enough to span blocks', masterKey);
    expectEnvelopeError(() => decryptSecret(tamperPart(envelope, index), masterKey), 'DECRYPTION_FAILED');
  });

  it('detects a wrapped data key moved from another envelope', () => {
    const [v, kid, , iv, ct] = encryptSecret('first', masterKey).split('.');
    const [, , otherWrapped] = encryptSecret('second', masterKey).split('.');
    const spliced = [v, kid, otherWrapped, iv, ct].join('.');
    expectEnvelopeError(() => decryptSecret(spliced, masterKey), 'DECRYPTION_FAILED');
  });

  it('detects a changed key id or version', () => {
    const envelope = encryptSecret('secret', masterKey);
    expectEnvelopeError(() => decryptSecret(tamperPart(envelope, 1), masterKey), 'WRONG_MASTER_KEY');
    expectEnvelopeError(() => decryptSecret(`v2${envelope.slice(2)}`, masterKey), 'UNSUPPORTED_VERSION');
  });

  it('rejects malformed envelopes', () => {
    const envelope = encryptSecret('secret', masterKey);
    const [v, kid, wrapped, iv] = envelope.split('.');
    for (const bad of [
      '',
      'plaintext',
      envelope.split('.').slice(0, 4).join('.'),
      `${envelope}.extra`,
      [v, kid, wrapped, iv, 'AAAA'].join('.'),
      [v, kid, wrapped, `${iv ?? ''}AAAA`, 'AAAAAAAAAAAAAAAAAAAAAA'].join('.'),
      [v, kid, `${wrapped ?? ''}+`, iv, 'AAAAAAAAAAAAAAAAAAAAAA'].join('.'),
    ]) {
      expectEnvelopeError(() => decryptSecret(bad, masterKey), 'MALFORMED');
    }
  });

  it('refuses master keys that are not 32 bytes', () => {
    expectEnvelopeError(() => encryptSecret('x', new Uint8Array(16)), 'INVALID_MASTER_KEY');
    expectEnvelopeError(() => decryptSecret('v1.a.b.c.d', new Uint8Array(33)), 'INVALID_MASTER_KEY');
  });
});

describe('parseMasterKey', () => {
  const bytes = randomBytes(32);

  it.each([
    ['hex', bytes.toString('hex')],
    ['upper-case hex', bytes.toString('hex').toUpperCase()],
    ['base64', bytes.toString('base64')],
    ['base64 without padding', bytes.toString('base64').replace(/=$/, '')],
    ['base64url', bytes.toString('base64url')],
    ['base64 with surrounding whitespace', `  ${bytes.toString('base64')}\n`],
  ])('accepts %s', (_label, text) => {
    expect(Buffer.from(parseMasterKey(text)).equals(bytes)).toBe(true);
  });

  it.each([
    ['31 bytes of base64', randomBytes(31).toString('base64')],
    ['33 bytes of base64', randomBytes(33).toString('base64')],
    ['63 hex characters', bytes.toString('hex').slice(1)],
    ['a passphrase', 'correct horse battery staple'],
    ['an empty string', ''],
    ['base64 with non-zero trailing bits', `${bytes.toString('base64url').slice(0, 42)}B`],
  ])('rejects %s without echoing it', (_label, text) => {
    const err = expectEnvelopeError(() => parseMasterKey(text), 'INVALID_MASTER_KEY');
    if (text.length > 0) expect(err.message).not.toContain(text.trim());
    expect(err.message).toMatch(/32 bytes/);
  });
});

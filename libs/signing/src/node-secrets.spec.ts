import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EnvelopeError } from './errors.js';
import { generateEncryptionKey, openSealed, openValue, sealForRecipient, sealValue } from './node-secrets.js';

describe('secrets sealed for a node', () => {
  it('opens only with the recipient’s private key', async () => {
    const node = await generateEncryptionKey();
    const other = await generateEncryptionKey();
    const jwe = await sealForRecipient({ fleetKey: 'abc' }, node.publicJwk);
    expect(jwe.split('.')).toHaveLength(5);
    expect(jwe).not.toContain('abc');
    await expect(openSealed(jwe, node.privateJwk)).resolves.toEqual({ fleetKey: 'abc' });
    await expect(openSealed(jwe, other.privateJwk)).rejects.toBeInstanceOf(EnvelopeError);
  });

  it('refuses a tampered JWE', async () => {
    const node = await generateEncryptionKey();
    const parts = (await sealForRecipient({ a: 1 }, node.publicJwk)).split('.');
    const body = Buffer.from(parts[3] ?? '', 'base64url');
    body[0] = (body[0] ?? 0) ^ 1;
    parts[3] = body.toString('base64url');
    await expect(openSealed(parts.join('.'), node.privateJwk)).rejects.toMatchObject({
      code: 'DECRYPTION_FAILED',
    });
  });
});

describe('values sealed under a shared key', () => {
  const key = randomBytes(32);
  const keys = new Map([['k1', key]]);

  it('round-trips and is bound to its record', () => {
    const sealed = sealValue('sk-secret', key, 'k1', 'provider-credentials:a');
    expect(JSON.stringify(sealed)).not.toContain('sk-secret');
    expect(openValue(sealed, keys, 'provider-credentials:a')).toBe('sk-secret');
    expect(() => openValue(sealed, keys, 'provider-credentials:b')).toThrow(EnvelopeError);
  });

  it('names an unknown key id, and refuses altered ciphertext', () => {
    const sealed = sealValue('x', key, 'k2', 'r');
    expect(() => openValue(sealed, keys, 'r')).toThrow(/No key "k2"/);
    const good = sealValue('secret', key, 'k1', 'r');
    const altered = { ...good, ciphertext: Buffer.from('other!').toString('base64url') };
    expect(() => openValue(altered, keys, 'r')).toThrow(/altered/);
  });
});

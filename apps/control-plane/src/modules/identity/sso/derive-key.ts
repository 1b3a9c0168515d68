import { hkdfSync } from 'node:crypto';

/**
 * A key for one purpose derived from the master key with HKDF-SHA-256, the same way as SecretKeys
 * (platform/crypto/secret-keys.ts): a key of one purpose never serves another.
 */
export function deriveKey(masterKey: Uint8Array, purpose: string, length = 32): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), `portcullis/${purpose}/v1`, length));
}

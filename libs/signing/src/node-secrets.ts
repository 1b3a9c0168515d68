import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { CompactEncrypt, compactDecrypt, exportJWK, generateKeyPair, importJWK } from 'jose';
import { EnvelopeError } from './errors.js';

/** An X25519 public key as a JWK: what a data-plane node publishes so secrets can be sealed for it. */
export interface EncryptionPublicJwk {
  kty: 'OKP';
  crv: 'X25519';
  x: string;
}

/** The private half; it never leaves the node. */
export interface EncryptionPrivateJwk extends EncryptionPublicJwk {
  d: string;
}

const KEY_ALG = 'ECDH-ES+A256KW';
const CONTENT_ENC = 'A256GCM';
const SEALED_TYP = 'portcullis-secrets+jwe';

/**
 * Generates a node's X25519 key pair for receiving sealed secrets.
 *
 * @example
 * const { publicJwk, privateJwk } = await generateEncryptionKey();
 */
export async function generateEncryptionKey(): Promise<{
  publicJwk: EncryptionPublicJwk;
  privateJwk: EncryptionPrivateJwk;
}> {
  const pair = await generateKeyPair('ECDH-ES', { crv: 'X25519', extractable: true });
  const [pub, priv] = await Promise.all([exportJWK(pair.publicKey), exportJWK(pair.privateKey)]);
  if (pub.kty !== 'OKP' || pub.crv !== 'X25519' || pub.x === undefined || priv.d === undefined) {
    throw new Error('The runtime produced an unexpected X25519 JWK.');
  }
  return {
    publicJwk: { kty: 'OKP', crv: 'X25519', x: pub.x },
    privateJwk: { kty: 'OKP', crv: 'X25519', x: pub.x, d: priv.d },
  };
}

/**
 * Seals a JSON value for one recipient as a compact JWE (ECDH-ES+A256KW with X25519, A256GCM):
 * only the holder of the matching private key can open it.
 *
 * @example
 * const jwe = await sealForRecipient({ fleetKeys }, node.encryptionJwk);
 */
export async function sealForRecipient(payload: unknown, recipient: EncryptionPublicJwk): Promise<string> {
  const json = JSON.stringify(payload) as string | undefined;
  if (json === undefined) throw new TypeError('sealForRecipient needs a JSON-serializable payload.');
  const key = await importJWK({ kty: recipient.kty, crv: recipient.crv, x: recipient.x }, KEY_ALG);
  return new CompactEncrypt(new TextEncoder().encode(json))
    .setProtectedHeader({ alg: KEY_ALG, enc: CONTENT_ENC, typ: SEALED_TYP })
    .encrypt(key);
}

/**
 * Opens a JWE made by {@link sealForRecipient}.
 *
 * @throws {EnvelopeError} DECRYPTION_FAILED when it was not sealed for this key or was altered.
 */
export async function openSealed(jwe: string, recipient: EncryptionPrivateJwk): Promise<unknown> {
  try {
    const key = await importJWK(
      { kty: recipient.kty, crv: recipient.crv, x: recipient.x, d: recipient.d },
      KEY_ALG,
    );
    const { plaintext } = await compactDecrypt(jwe, key, {
      keyManagementAlgorithms: [KEY_ALG],
      contentEncryptionAlgorithms: [CONTENT_ENC],
    });
    return JSON.parse(new TextDecoder().decode(plaintext)) as unknown;
  } catch {
    throw new EnvelopeError('DECRYPTION_FAILED', 'The sealed secrets could not be opened with this key.');
  }
}

/** A value sealed with AES-256-GCM under a shared key named by `kid` (all parts base64url). */
export interface SealedValue {
  alg: 'A256GCM';
  kid: string;
  iv: string;
  ciphertext: string;
  tag: string;
}

/**
 * Seals a string under a 32-byte key shared with the data plane (the fleet key), bound to `aad`
 * (e.g. `provider-credentials:<provider id>`) so it cannot be moved to another record.
 */
export function sealValue(plaintext: string, key: Uint8Array, kid: string, aad: string): SealedValue {
  if (key.length !== 32) throw new EnvelopeError('INVALID_MASTER_KEY', 'A sealing key must be 32 bytes.');
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return {
    alg: 'A256GCM',
    kid,
    iv: iv.toString('base64url'),
    ciphertext: ciphertext.toString('base64url'),
    tag: cipher.getAuthTag().toString('base64url'),
  };
}

/**
 * Opens a {@link SealedValue} with the key its `kid` names.
 *
 * @throws {EnvelopeError} WRONG_MASTER_KEY for an unknown kid, DECRYPTION_FAILED when altered or moved.
 */
export function openValue(sealed: SealedValue, keys: ReadonlyMap<string, Uint8Array>, aad: string): string {
  const key = keys.get(sealed.kid);
  if (key === undefined)
    throw new EnvelopeError('WRONG_MASTER_KEY', `No key "${sealed.kid}" to open this value.`);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64url'));
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64url'));
    return Buffer.concat([
      decipher.update(Buffer.from(sealed.ciphertext, 'base64url')),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    throw new EnvelopeError(
      'DECRYPTION_FAILED',
      'The sealed value was altered or belongs to another record.',
    );
  }
}

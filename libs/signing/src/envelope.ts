import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { EnvelopeError } from './errors.js';

const VERSION = 'v1';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const WRAPPED_KEY_BYTES = IV_BYTES + KEY_BYTES + TAG_BYTES;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * Encrypts a secret for storage with envelope encryption: a fresh AES-256-GCM data key per record, itself
 * wrapped by the master key with AES-256-GCM. The result is a self-describing string:
 *
 * `v1.<masterKeyId>.<wrapIv|wrappedDataKey|wrapTag>.<iv>.<ciphertext|tag>` (parts base64url)
 *
 * `masterKeyId` is a one-way fingerprint of the master key, so a wrong or rotated key is reported as such
 * instead of as corruption. Pass the same `aad` (e.g. `"provider-credential:<id>"`) to decrypt: it binds the
 * ciphertext to its row, so a value copied into another row will not decrypt. No `aad` is the same as `""`.
 *
 * @example
 * const stored = encryptSecret(apiKey, masterKey, `provider-credential:${credential.id}`);
 */
export function encryptSecret(plaintext: string, masterKey: Uint8Array, aad = ''): string {
  assertMasterKey(masterKey);
  const keyId = masterKeyId(masterKey);
  const dataKey = randomBytes(KEY_BYTES);
  try {
    const wrapIv = randomBytes(IV_BYTES);
    const wrapped = seal(masterKey, wrapIv, dataKey, Buffer.from(`${VERSION}.${keyId}`));
    const iv = randomBytes(IV_BYTES);
    const ciphertext = seal(dataKey, iv, Buffer.from(plaintext, 'utf8'), Buffer.from(aad, 'utf8'));
    return [VERSION, keyId, Buffer.concat([wrapIv, wrapped]), iv, ciphertext]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  } finally {
    dataKey.fill(0);
  }
}

/**
 * Opens an envelope made by {@link encryptSecret}.
 *
 * @throws {EnvelopeError} MALFORMED, UNSUPPORTED_VERSION, WRONG_MASTER_KEY, or DECRYPTION_FAILED when the
 *   envelope was altered or the aad differs.
 * @example
 * const apiKey = decryptSecret(row.encryptedKey, masterKey, `provider-credential:${row.id}`);
 */
export function decryptSecret(envelope: string, masterKey: Uint8Array, aad = ''): string {
  assertMasterKey(masterKey);
  const parts = typeof envelope === 'string' ? envelope.split('.') : [];
  if (parts.length !== 5) throw new EnvelopeError('MALFORMED', 'Not a secret envelope.');
  const [version, keyId, wrappedPart, ivPart, ciphertextPart] = parts as [
    string,
    string,
    string,
    string,
    string,
  ];
  if (version !== VERSION) {
    throw new EnvelopeError('UNSUPPORTED_VERSION', 'The secret envelope has an unsupported version.');
  }
  if (keyId !== masterKeyId(masterKey)) {
    throw new EnvelopeError('WRONG_MASTER_KEY', 'The secret was encrypted under a different master key.');
  }
  const wrapped = decodePart(wrappedPart, WRAPPED_KEY_BYTES);
  const iv = decodePart(ivPart, IV_BYTES);
  const ciphertext = decodePart(ciphertextPart);
  if (ciphertext.length < TAG_BYTES) {
    throw new EnvelopeError('MALFORMED', 'The secret envelope is truncated.');
  }

  let dataKey: Buffer | undefined;
  try {
    dataKey = open(
      masterKey,
      wrapped.subarray(0, IV_BYTES),
      wrapped.subarray(IV_BYTES),
      Buffer.from(`${version}.${keyId}`),
    );
    return open(dataKey, iv, ciphertext, Buffer.from(aad, 'utf8')).toString('utf8');
  } catch {
    throw new EnvelopeError(
      'DECRYPTION_FAILED',
      'The secret envelope was altered or the aad does not match.',
    );
  } finally {
    dataKey?.fill(0);
  }
}

/**
 * Parses a 32-byte master key written as 64 hex characters or as base64 / base64url (padding optional).
 *
 * @throws {EnvelopeError} INVALID_MASTER_KEY, with a message that never echoes the input.
 * @example
 * const masterKey = parseMasterKey(env.PORTCULLIS_MASTER_KEY); // generate one: openssl rand -base64 32
 */
export function parseMasterKey(text: string): Uint8Array {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return new Uint8Array(Buffer.from(trimmed, 'hex'));
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)) {
    const unpadded = trimmed.replace(/=$/, '').replace(/\+/g, '-').replace(/\//g, '_');
    const bytes = Buffer.from(unpadded, 'base64url');
    // Buffer ignores stray trailing bits; re-encoding catches a key that was cut or mistyped at the end.
    if (bytes.length === KEY_BYTES && bytes.toString('base64url') === unpadded) return new Uint8Array(bytes);
  }
  throw new EnvelopeError(
    'INVALID_MASTER_KEY',
    `A master key must be 32 bytes written as 64 hex characters or 44 base64 characters (got ${trimmed.length} characters).`,
  );
}

function assertMasterKey(masterKey: Uint8Array): void {
  if (!(masterKey instanceof Uint8Array) || masterKey.length !== KEY_BYTES) {
    throw new EnvelopeError('INVALID_MASTER_KEY', 'A master key must be exactly 32 bytes.');
  }
}

// A truncated HMAC rather than a plain hash: the id reveals nothing usable about the key, even to someone who
// can guess candidate keys cheaply.
function masterKeyId(masterKey: Uint8Array): string {
  return createHmac('sha256', masterKey)
    .update('portcullis/envelope/master-key-id')
    .digest()
    .subarray(0, 8)
    .toString('base64url');
}

function seal(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Buffer {
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  return Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

function open(key: Uint8Array, iv: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad);
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]);
}

function decodePart(part: string, expectedBytes?: number): Buffer {
  const bytes = BASE64URL.test(part) ? Buffer.from(part, 'base64url') : undefined;
  // Canonical encoding only, so that every change to the string is a change to the bytes GCM authenticates.
  if (
    bytes?.toString('base64url') !== part ||
    (expectedBytes !== undefined && bytes.length !== expectedBytes)
  ) {
    throw new EnvelopeError('MALFORMED', 'The secret envelope is malformed.');
  }
  return bytes;
}

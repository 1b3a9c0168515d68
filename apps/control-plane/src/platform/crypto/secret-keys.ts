import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseMasterKey } from '@portcullis/signing';

/**
 * Keys derived from PORTCULLIS_MASTER_KEY, one per purpose (HKDF-SHA-256), so a key used to hash
 * tokens can never decrypt a secret and the other way round.
 */
export class SecretKeys {
  readonly tokenHashing: Buffer;
  /**
   * Hashes virtual API keys. Kept apart from `tokenHashing` because data-plane nodes receive it
   * (sealed for them) to look keys up, and must never be able to forge an admin-API token hash.
   */
  readonly apiKeyHashing: Buffer;

  constructor(readonly masterKey: Uint8Array) {
    this.tokenHashing = derive(masterKey, 'portcullis/token-hashing/v1');
    this.apiKeyHashing = derive(masterKey, 'portcullis/api-key-hashing/v1');
  }

  /** The keyed hash under which admin-side bearer tokens (personal access tokens, SCIM tokens) are stored. */
  hashToken(token: string): string {
    return createHmac('sha256', this.tokenHashing).update(token, 'utf8').digest('hex');
  }

  /** The keyed hash under which virtual API keys (`pk-…`) are stored and looked up by the data plane. */
  hashApiKey(key: string): string {
    return createHmac('sha256', this.apiKeyHashing).update(key, 'utf8').digest('hex');
  }
}

function derive(masterKey: Uint8Array, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), purpose, 32));
}

/**
 * For the embedded one-machine stack only: a master key generated on first start and kept in
 * `<dataDir>/master.key` (mode 0600). Clustered deployments must set PORTCULLIS_MASTER_KEY.
 */
export function ensureDevMasterKey(dataDir: string): { key: Uint8Array; file: string } {
  const file = join(dataDir, 'master.key');
  try {
    return { key: parseMasterKey(readFileSync(file, 'utf8').trim()), file };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600 });
  return { key, file };
}

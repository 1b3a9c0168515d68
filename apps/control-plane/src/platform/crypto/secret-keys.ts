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

  constructor(readonly masterKey: Uint8Array) {
    this.tokenHashing = Buffer.from(
      hkdfSync('sha256', masterKey, Buffer.alloc(0), 'portcullis/token-hashing/v1', 32),
    );
  }

  /** The keyed hash under which bearer tokens (personal access tokens, SCIM tokens, API keys) are stored. */
  hashToken(token: string): string {
    return createHmac('sha256', this.tokenHashing).update(token, 'utf8').digest('hex');
  }
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

import { parseMasterKey } from '@portcullis/signing';
import { ConfigError } from './load-env.js';

export interface RekeyKeys {
  oldKey: Uint8Array;
  newKey: Uint8Array;
}

const NAMES = ['PORTCULLIS_MASTER_KEY_OLD', 'PORTCULLIS_MASTER_KEY_NEW'] as const;

/**
 * The two master keys of `node apps/control-plane/dist/rekey.js`: the one secrets are sealed
 * under now (PORTCULLIS_MASTER_KEY_OLD) and the one to seal them under (PORTCULLIS_MASTER_KEY_NEW).
 */
export function loadRekeyKeys(source: NodeJS.ProcessEnv = process.env): RekeyKeys {
  const problems: string[] = [];
  const keys = NAMES.map((name) => {
    const value = source[name]?.trim();
    if (value === undefined || value === '') {
      problems.push(`${name} is required: 32 bytes as base64 or hex`);
      return undefined;
    }
    try {
      return parseMasterKey(value);
    } catch {
      problems.push(`${name} must be 32 bytes, written as base64 (44 characters) or hex (64 characters)`);
      return undefined;
    }
  });
  const [oldKey, newKey] = keys;
  if (problems.length > 0 || oldKey === undefined || newKey === undefined) throw new ConfigError(problems);
  if (Buffer.from(oldKey).equals(Buffer.from(newKey))) {
    throw new ConfigError(['PORTCULLIS_MASTER_KEY_NEW must differ from PORTCULLIS_MASTER_KEY_OLD']);
  }
  return { oldKey, newKey };
}

import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './load-env.js';
import { loadRekeyKeys } from './rekey-keys.js';

describe(loadRekeyKeys.name, () => {
  it('reads both keys and names what is wrong', () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const keys = loadRekeyKeys({
      PORTCULLIS_MASTER_KEY_OLD: oldKey.toString('base64'),
      PORTCULLIS_MASTER_KEY_NEW: newKey.toString('hex'),
    });
    expect(Buffer.from(keys.oldKey).equals(oldKey)).toBe(true);
    expect(Buffer.from(keys.newKey).equals(newKey)).toBe(true);
    expect(() => loadRekeyKeys({ PORTCULLIS_MASTER_KEY_OLD: 'short' })).toThrow(ConfigError);
    expect(() => loadRekeyKeys({ PORTCULLIS_MASTER_KEY_OLD: 'short' })).toThrow(
      /PORTCULLIS_MASTER_KEY_OLD must be 32 bytes[\s\S]*PORTCULLIS_MASTER_KEY_NEW is required/,
    );
    const same = oldKey.toString('base64');
    expect(() => loadRekeyKeys({ PORTCULLIS_MASTER_KEY_OLD: same, PORTCULLIS_MASTER_KEY_NEW: same })).toThrow(
      /must differ/,
    );
  });
});

import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * For the embedded one-machine stack only: an admin token generated on first start and kept in
 * `<dataDir>/admin-token` (mode 0600), so a newcomer can sign in without configuring anything.
 * Its value is never logged; the start-up log names the file.
 */
export function ensureDevAdminToken(dataDir: string): { token: string; file: string } {
  const file = join(dataDir, 'admin-token');
  try {
    const existing = readFileSync(file, 'utf8').trim();
    if (existing.length >= 32) return { token: existing, file };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dataDir, { recursive: true });
  const token = randomBytes(32).toString('base64url');
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return { token, file };
}

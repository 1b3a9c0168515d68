import type { SecretKeys } from '../crypto/secret-keys.js';
import type { Env } from './env.schema.js';

/**
 * The settings after start-up has resolved what the environment left open: the database actually
 * used (the embedded one when DATABASE_URL is unset) and the admin token (generated for the
 * embedded development stack when none is configured).
 */
export class Settings {
  constructor(
    readonly env: Env,
    readonly databaseUrl: string,
    readonly embeddedDatabase: boolean,
    readonly dataDir: string,
    readonly consoleDir: string,
    readonly adminToken: string | undefined,
    readonly secretKeys: SecretKeys,
  ) {}
}

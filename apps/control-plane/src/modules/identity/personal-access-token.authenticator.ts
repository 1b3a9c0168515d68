import type { Request } from 'express';
import { bearerToken } from '../../platform/auth/admin-token.js';
import type { Authenticator } from '../../platform/auth/authenticator.js';
import type { Principal } from '../../platform/auth/principal.js';
import type { SecretKeys } from '../../platform/crypto/secret-keys.js';
import { AppError, ErrorCode } from '../../platform/errors/app-error.js';
import type { DirectoryRepository } from './directory.repository.js';
import type { PersonalAccessTokensRepository } from './personal-access-tokens.repository.js';
import type { PrincipalFactory } from './principal.factory.js';

export const PAT_PREFIX = 'pat_';

/** How often last-used times are written, at most: a busy script must not write on every call. */
const TOUCH_INTERVAL_MS = 60_000;

/**
 * `Authorization: Bearer pat_…`: a person's personal access token, acting with that person's
 * roles as they are now (a removed role binding or a deactivated user takes effect at once).
 */
export class PersonalAccessTokenAuthenticator implements Authenticator {
  readonly name = 'personal-access-token';

  constructor(
    private readonly keys: SecretKeys,
    private readonly tokens: PersonalAccessTokensRepository,
    private readonly directory: DirectoryRepository,
    private readonly principals: PrincipalFactory,
  ) {}

  async authenticate(request: Request): Promise<Principal | undefined> {
    const token = bearerToken(request.headers.authorization);
    if (token?.startsWith(PAT_PREFIX) !== true) return undefined;
    const invalid = new AppError(ErrorCode.UNAUTHENTICATED, 'The personal access token is not valid');
    const record = await this.tokens.findByHash(this.keys.hashToken(token));
    const now = new Date();
    if (record === null || record.revokedAt !== null || record.expiresAt <= now) throw invalid;
    const user = await this.directory.findUserById(record.userId);
    if (user?.active !== true) throw invalid;
    if (record.lastUsedAt === null || now.getTime() - record.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
      await this.tokens.touch(record.id, now);
    }
    return this.principals.forUser(user, { via: 'personal-access-token', tokenId: record.id });
  }
}

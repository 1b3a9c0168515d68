import type { Request } from 'express';
import { AppError, ErrorCode } from '../errors/app-error.js';
import { bearerToken, tokenMatches } from './admin-token.js';
import type { Authenticator } from './authenticator.js';
import type { Principal } from './principal.js';

export const ADMIN_TOKEN_PRINCIPAL: Principal = {
  via: 'admin-token',
  actor: { type: 'token', id: 'admin-token', display: 'break-glass admin token' },
  userId: null,
  displayName: 'Break-glass administrator',
  globalRoles: ['platform-admin'],
  tenantRoles: new Map(),
};

/** PORTCULLIS_ADMIN_TOKEN: platform-admin rights for automation and first setup. */
export class AdminTokenAuthenticator implements Authenticator {
  readonly name = 'admin-token';

  constructor(private readonly adminToken: string | undefined) {}

  authenticate(request: Request): Promise<Principal | undefined> {
    const token = bearerToken(request.headers.authorization);
    // Personal access tokens have their own prefix; anything else bearing a token is ours to judge.
    if (token === undefined || token.startsWith('pat_')) return Promise.resolve(undefined);
    if (this.adminToken !== undefined && tokenMatches(token, this.adminToken)) {
      return Promise.resolve(ADMIN_TOKEN_PRINCIPAL);
    }
    return Promise.reject(new AppError(ErrorCode.UNAUTHENTICATED, 'The bearer token is not valid'));
  }
}

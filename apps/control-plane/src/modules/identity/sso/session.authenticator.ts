import type { Request } from 'express';
import type { Authenticator } from '../../../platform/auth/authenticator.js';
import type { Principal } from '../../../platform/auth/principal.js';
import { AppError, ErrorCode } from '../../../platform/errors/app-error.js';
import type { DirectoryRepository } from '../directory.repository.js';
import type { PrincipalFactory } from '../principal.factory.js';
import { destroySession } from './console-session.js';
import { isSameOrigin, isUnsafeMethod } from './same-origin.js';
import type { SsoRuntime } from './sso-runtime.js';

/**
 * The console's session cookie. The session holds only who signed in and their IdP groups; the
 * Principal is rebuilt from the directory on every request, so a user deactivated since sign-in
 * is refused at once (and the session ends), and a changed role binding applies at once.
 */
export class SessionAuthenticator implements Authenticator {
  readonly name = 'session';

  constructor(
    private readonly directory: DirectoryRepository,
    private readonly principals: PrincipalFactory,
    private readonly runtime: SsoRuntime,
  ) {}

  async authenticate(request: Request): Promise<Principal | undefined> {
    // Routes outside the session middleware's paths have no session at all.
    const auth = (request as Partial<Pick<Request, 'session'>>).session?.auth;
    if (auth === undefined) return undefined;

    // Defence in depth on top of SameSite=Lax: a cookie-authenticated change must come from our pages.
    if (isUnsafeMethod(request.method)) {
      const publicUrl = this.runtime.publicUrl;
      const configured = publicUrl !== undefined && this.runtime.current.publicUrlConfigured;
      if (!isSameOrigin(request, publicUrl, configured)) {
        throw new AppError(
          ErrorCode.FORBIDDEN,
          'Cross-origin request refused: a console session may change things only from the console',
        );
      }
    }

    const user = await this.directory.findUserById(auth.userId);
    if (user?.active !== true) {
      await destroySession(request);
      throw new AppError(ErrorCode.UNAUTHENTICATED, 'Your session has ended: sign in again');
    }
    return this.principals.forUser(user, { via: 'session', idpGroups: auth.idpGroups });
  }
}

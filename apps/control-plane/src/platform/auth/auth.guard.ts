import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Settings } from '../config/settings.js';
import { AppError, ErrorCode } from '../errors/app-error.js';
import { bearerToken, tokenMatches } from './admin-token.js';
import type { AuthenticatedRequest } from './principal.js';
import { IS_PUBLIC } from './public.decorator.js';

/**
 * Secure by default: every route needs an authenticated caller unless marked `@Public()`.
 * Today the break-glass `PORTCULLIS_ADMIN_TOKEN` is the one credential; console sessions (OIDC)
 * and personal access tokens join it in the identity issue.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly settings: Settings,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic === true) return true;

    const request = context
      .switchToHttp()
      .getRequest<AuthenticatedRequest & { headers: Record<string, unknown> }>();
    const authorization = request.headers.authorization;
    const token = bearerToken(typeof authorization === 'string' ? authorization : undefined);
    const expected = this.settings.adminToken;
    if (token !== undefined && expected !== undefined && tokenMatches(token, expected)) {
      request.principal = {
        subject: 'admin-token',
        displayName: 'Break-glass administrator',
        roles: ['platform-admin'],
      };
      return true;
    }
    throw new AppError(
      ErrorCode.UNAUTHENTICATED,
      token === undefined
        ? 'Authentication required: send Authorization: Bearer <token>'
        : 'The bearer token is not valid',
    );
  }
}

import { type CanActivate, type ExecutionContext, Inject, Injectable, Optional } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AUDIT_TRAIL, type AuditTrail } from '../audit/audit-trail.js';
import { currentRequestContext } from '../context/request-context.js';
import { AppError, ErrorCode } from '../errors/app-error.js';
import { AuthenticatorRegistry } from './authenticator.js';
import { hasRole } from './authorization.js';
import type { AuthenticatedRequest, Principal, Role } from './principal.js';
import { IS_PUBLIC } from './public.decorator.js';
import { REQUIRED_ROLES } from './require-role.decorator.js';

/**
 * Secure by default: every route needs an authenticated caller unless marked `@Public()`, and
 * must declare with `@RequireRole` who may call it (a route that does not is refused, so a
 * forgotten declaration fails closed).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly registry: AuthenticatorRegistry,
    @Optional() @Inject(AUDIT_TRAIL) private readonly audit?: AuditTrail,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, targets) === true) return true;

    const request = context.switchToHttp().getRequest<Request & AuthenticatedRequest>();
    const principal = await this.authenticate(request);
    request.principal = principal;
    const requestContext = currentRequestContext();
    if (requestContext) requestContext.principal = principal;

    const required = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (required === undefined || required.length === 0) {
      throw new AppError(ErrorCode.FORBIDDEN, 'This route declares no role; it is closed');
    }
    if (!hasRole(principal, required)) {
      throw new AppError(ErrorCode.FORBIDDEN, `This requires one of the roles: ${required.join(', ')}`);
    }
    if (principal.via === 'admin-token') {
      await this.audit?.record({
        action: 'auth.admin-token.use',
        tenantId: null,
        targetType: 'route',
        targetId: `${request.method} ${request.route ? String((request.route as { path: unknown }).path) : request.path}`,
      });
    }
    return true;
  }

  private async authenticate(request: Request): Promise<Principal> {
    for (const authenticator of this.registry.all()) {
      const principal = await authenticator.authenticate(request);
      if (principal !== undefined) return principal;
    }
    throw new AppError(
      ErrorCode.UNAUTHENTICATED,
      'Authentication required: sign in, or send Authorization: Bearer <token>',
    );
  }
}

import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AuditActor } from '../audit/audit-trail.js';

export const ROLES = ['platform-admin', 'tenant-owner', 'developer', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling the admin API, as established by the authentication guard. */
export interface Principal {
  /** How the caller proved who they are. */
  via: 'admin-token' | 'session' | 'personal-access-token';
  /** Whom audit events of this request are attributed to. */
  actor: AuditActor;
  /** The directory user behind the call, when a person is calling (not the break-glass token). */
  userId: string | null;
  displayName: string;
  /** Roles bound globally (not scoped to a tenant). */
  globalRoles: readonly Role[];
  /** Roles by tenant id. */
  tenantRoles: ReadonlyMap<string, readonly Role[]>;
}

export interface AuthenticatedRequest {
  principal?: Principal;
}

export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal => {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!request.principal) throw new Error('CurrentPrincipal used on a route without authentication');
    return request.principal;
  },
);

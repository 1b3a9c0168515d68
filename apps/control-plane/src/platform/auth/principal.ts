import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

export type Role = 'platform-admin' | 'tenant-owner' | 'developer' | 'auditor';

/** Who is calling the admin API, as established by the authentication guard. */
export interface Principal {
  subject: string;
  displayName: string;
  roles: Role[];
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

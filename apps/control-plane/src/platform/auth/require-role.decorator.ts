import { SetMetadata } from '@nestjs/common';
import type { Role } from './principal.js';

export const REQUIRED_ROLES = 'portcullis:required-roles';

/**
 * Declares who may call a route: a caller needs one of these roles globally or in at least one
 * tenant (platform admins always pass). Which tenant's objects they then see is decided by the
 * service through `tenantScope`, so an object of another tenant is a 404. Every non-public route
 * must declare its roles: the guard refuses a route that does not.
 */
export const RequireRole = (...roles: Role[]): MethodDecorator & ClassDecorator =>
  SetMetadata(REQUIRED_ROLES, roles);

import { AppError } from '../errors/app-error.js';
import type { Principal, Role } from './principal.js';

/** The tenants a caller may act in for some purpose: every tenant, or a list. */
export type TenantScope = { all: true } | { all: false; tenantIds: readonly string[] };

/** True when the principal holds one of `roles` globally, or in `tenantId` when given. */
export function hasRole(principal: Principal, roles: readonly Role[], tenantId?: string): boolean {
  if (principal.globalRoles.includes('platform-admin')) return true;
  if (principal.globalRoles.some((role) => roles.includes(role))) return true;
  if (tenantId === undefined)
    return [...principal.tenantRoles.values()].some((held) => held.some((r) => roles.includes(r)));
  return (principal.tenantRoles.get(tenantId) ?? []).some((role) => roles.includes(role));
}

/**
 * The tenants where the principal holds one of `roles`. Platform admins (and holders of a global
 * binding of one of the roles) see every tenant.
 */
export function tenantScope(principal: Principal, roles: readonly Role[]): TenantScope {
  if (
    principal.globalRoles.includes('platform-admin') ||
    principal.globalRoles.some((r) => roles.includes(r))
  ) {
    return { all: true };
  }
  const tenantIds = [...principal.tenantRoles.entries()]
    .filter(([, held]) => held.some((role) => roles.includes(role)))
    .map(([tenantId]) => tenantId);
  return { all: false, tenantIds };
}

export function scopeIncludes(scope: TenantScope, tenantId: string): boolean {
  return scope.all || scope.tenantIds.includes(tenantId);
}

/**
 * Refuses an object of a tenant outside the scope as if it did not exist: a 404 never confirms
 * that another tenant's object is there.
 */
export function assertInScope(scope: TenantScope, tenantId: string | null, what: string): void {
  if (tenantId === null ? !scope.all : !scopeIncludes(scope, tenantId)) throw AppError.notFound(what);
}

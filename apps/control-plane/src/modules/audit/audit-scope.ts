import { tenantScope } from '../../platform/auth/authorization.js';
import type { Principal, Role } from '../../platform/auth/principal.js';

/** Roles that may read a tenant's audit events (platform admins always may). */
export const AUDIT_READER_ROLES: readonly Role[] = ['auditor', 'tenant-owner'];

/**
 * Which audit events a caller may read: those of the tenants where they are an auditor or a
 * tenant owner, and platform events (no tenant) only for platform admins and global auditors.
 */
export interface AuditScope {
  /** May read platform-level events (tenant_id null). */
  platform: boolean;
  /** `'all'` for every tenant, else the readable tenant ids. */
  tenants: 'all' | readonly string[];
}

/** Platform admins and auditors bound globally: the whole trail, and the right to verify it. */
export function isGlobalAuditor(principal: Principal): boolean {
  return principal.globalRoles.includes('platform-admin') || principal.globalRoles.includes('auditor');
}

export function auditScope(principal: Principal): AuditScope {
  const scope = tenantScope(principal, AUDIT_READER_ROLES);
  return { platform: isGlobalAuditor(principal), tenants: scope.all ? 'all' : scope.tenantIds };
}

/** True when an event of `tenantId` (null: a platform event) is within the scope. */
export function inAuditScope(scope: AuditScope, tenantId: string | null): boolean {
  if (tenantId === null) return scope.platform;
  return scope.tenants === 'all' || scope.tenants.includes(tenantId);
}

import { describe, expect, it } from 'vitest';
import type { Principal, Role } from '../../platform/auth/principal.js';
import { auditScope, inAuditScope, isGlobalAuditor } from './audit-scope.js';

const T1 = '00000000-0000-4000-8000-000000000001';
const T2 = '00000000-0000-4000-8000-000000000002';

function principal(globalRoles: Role[], tenantRoles: [string, Role[]][] = []): Principal {
  return {
    via: 'session',
    actor: { type: 'user', id: 'u1' },
    userId: 'u1',
    displayName: 'U',
    globalRoles,
    tenantRoles: new Map(tenantRoles),
  };
}

describe(auditScope.name, () => {
  it('gives platform admins and global auditors everything, platform events included', () => {
    for (const p of [principal(['platform-admin']), principal(['auditor'])]) {
      expect(auditScope(p)).toEqual({ platform: true, tenants: 'all' });
      expect(isGlobalAuditor(p)).toBe(true);
    }
  });

  it('gives tenant auditors and owners their tenants only, never platform events', () => {
    const scope = auditScope(
      principal(
        [],
        [
          [T1, ['auditor']],
          [T2, ['developer']],
        ],
      ),
    );
    expect(scope).toEqual({ platform: false, tenants: [T1] });
    expect(inAuditScope(scope, T1)).toBe(true);
    expect(inAuditScope(scope, T2)).toBe(false);
    expect(inAuditScope(scope, null)).toBe(false);
    expect(auditScope(principal([], [[T2, ['tenant-owner']]])).tenants).toEqual([T2]);
  });

  it('keeps platform events from a global tenant owner', () => {
    const p = principal(['tenant-owner']);
    expect(auditScope(p)).toEqual({ platform: false, tenants: 'all' });
    expect(isGlobalAuditor(p)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { can, permissionsOf, showsTenantSwitcher, switchedTo, type Me, type MeTenant } from './capabilities';

const acme: MeTenant = { id: 'a', slug: 'acme', name: 'Acme', roles: ['tenant-owner'] };
const globex: MeTenant = { id: 'g', slug: 'globex', name: 'Globex', roles: ['developer'] };

const me = (globalRoles: string[], tenants: MeTenant[]): Me => ({
  subject: 'u1',
  displayName: 'Someone',
  via: 'session',
  roles: [...globalRoles, ...tenants.flatMap((t) => t.roles)],
  globalRoles,
  tenants,
});

const inOneTenant = (role: string) => permissionsOf(me([], [{ ...acme, roles: [role] }]), null);

describe('permissionsOf', () => {
  it('works in the chosen tenant with the roles held there', () => {
    const permissions = permissionsOf(me([], [acme, globex]), 'g');
    expect(permissions).toMatchObject({ tenantId: 'g', roles: ['developer'], platformAdmin: false });
    expect(showsTenantSwitcher(permissions)).toBe(true);
  });

  it('switches to another of their tenants with the roles held there, and to no one else’s', () => {
    const inAcme = permissionsOf(me([], [acme, globex]), 'a');
    expect(switchedTo(inAcme, 'g')).toMatchObject({ tenantId: 'g', roles: ['developer'] });
    expect(switchedTo(inAcme, 'elsewhere')).toBe(inAcme);
  });

  it('falls back to the first tenant by name when the remembered one is no longer theirs', () => {
    expect(permissionsOf(me([], [globex, acme]), 'gone')).toMatchObject({
      tenantId: 'a',
      roles: ['tenant-owner'],
    });
    expect(permissionsOf(me([], [globex, acme]), null).tenantId).toBe('a');
  });

  it('hides the switcher for a person of one tenant', () => {
    expect(showsTenantSwitcher(inOneTenant('auditor'))).toBe(false);
  });

  it('does not narrow a holder of a global role to one tenant', () => {
    const admin = permissionsOf(me(['platform-admin'], [acme, globex]), 'g');
    expect(admin).toMatchObject({ tenantId: null, platformAdmin: true });
    expect(showsTenantSwitcher(admin)).toBe(false);
    // The break-glass token: a global platform admin with no tenant.
    expect(permissionsOf(me(['platform-admin'], []), null)).toMatchObject({
      tenantId: null,
      platformAdmin: true,
    });
  });

  it('ignores roles the console does not know', () => {
    expect(permissionsOf(me([], [{ ...acme, roles: ['superuser', 'auditor'] }]), null).roles).toEqual([
      'auditor',
    ]);
  });
});

describe('can', () => {
  it('lets a platform admin do anything, including platform-only resources', () => {
    const admin = permissionsOf(me(['platform-admin'], []), null);
    for (const [resource, action] of [
      ['tenants', 'create'],
      ['nodes', 'list'],
      ['enrollment-tokens', 'create'],
      ['signing-keys', 'list'],
      ['audit', 'verify'],
    ] as const) {
      expect(can(admin, resource, action), `${resource} ${action}`).toBe(true);
    }
  });

  it('gives a tenant owner their tenant but no platform resource', () => {
    const owner = inOneTenant('tenant-owner');
    for (const resource of [
      'users',
      'groups',
      'providers',
      'models',
      'apps',
      'token-issuers',
      'identity-providers',
    ])
      for (const action of ['list', 'create', 'edit', 'delete'])
        expect(can(owner, resource, action)).toBe(true);
    expect(can(owner, 'tenants', 'edit')).toBe(true);
    expect(can(owner, 'keys', 'create-for-application')).toBe(true);
    for (const [resource, action] of [
      ['tenants', 'create'],
      ['tenants', 'delete'],
      ['nodes', 'list'],
      ['enrollment-tokens', 'list'],
      ['signing-keys', 'list'],
      ['audit', 'verify'],
      ['role-bindings', 'edit'],
    ] as const) {
      expect(can(owner, resource, action), `${resource} ${action}`).toBe(false);
    }
  });

  it('lets an auditor read the audit log and lists, and change nothing but their own tokens', () => {
    const auditor = inOneTenant('auditor');
    for (const resource of ['audit', 'users', 'groups', 'role-bindings', 'apps', 'keys', 'grants', 'usage'])
      expect(can(auditor, resource, 'list'), resource).toBe(true);
    expect(can(auditor, 'audit', 'export')).toBe(true);
    expect(can(auditor, 'config-changes', 'list')).toBe(true);
    expect(can(auditor, 'audit', 'verify')).toBe(false);
    for (const resource of [
      'users',
      'groups',
      'role-bindings',
      'providers',
      'models',
      'apps',
      'grants',
      'token-issuers',
    ])
      for (const action of ['create', 'edit', 'delete'])
        expect(can(auditor, resource, action), `${resource} ${action}`).toBe(false);
    // SCIM tokens and sign-in IdPs are the owner's alone (the API refuses auditors).
    expect(can(auditor, 'scim-tokens', 'list')).toBe(false);
    expect(can(auditor, 'identity-providers', 'list')).toBe(false);
    expect(can(auditor, 'personal-access-tokens', 'create')).toBe(true);
    // Their own keys, not the application keys they audit.
    expect(can(auditor, 'keys', 'delete', { owner: { kind: 'application', id: 'app' } })).toBe(false);
    expect(can(auditor, 'keys', 'delete', { owner: { kind: 'user', id: 'u1' } })).toBe(true);
  });

  it('shows a developer only their keys, models, usage, tokens and the explainer about themselves', () => {
    const developer = inOneTenant('developer');
    const listed = [
      'tenants',
      'users',
      'groups',
      'role-bindings',
      'identity-providers',
      'scim-tokens',
      'token-issuers',
      'providers',
      'models',
      'apps',
      'keys',
      'grants',
      'usage',
      'audit',
      'personal-access-tokens',
      'nodes',
      'enrollment-tokens',
      'signing-keys',
    ].filter((resource) => can(developer, resource, 'list'));
    expect(listed).toEqual(['models', 'keys', 'usage', 'personal-access-tokens']);
    expect(can(developer, 'keys', 'create')).toBe(true);
    // Revoking: her own keys only (the API answers 404 for others').
    expect(can(developer, 'keys', 'delete', { owner: { kind: 'user', id: 'u1' } })).toBe(true);
    expect(can(developer, 'keys', 'delete', { owner: { kind: 'user', id: 'someone-else' } })).toBe(false);
    expect(can(developer, 'keys', 'delete', { owner: { kind: 'application', id: 'u1' } })).toBe(false);
    expect(can(developer, 'keys', 'create-for-application')).toBe(false);
    expect(can(developer, 'models', 'create')).toBe(false);
    expect(can(developer, 'access-explainer', 'explain')).toBe(true);
    expect(can(developer, 'access-explainer', 'explain-others')).toBe(false);
    expect(can(developer, 'config-changes', 'list')).toBe(false);
    // Their tenant's record, for the names shown next to their keys.
    expect(can(developer, 'tenants', 'show')).toBe(true);
  });

  it('leaves the whole-trail integrity check to platform admins and global auditors', () => {
    expect(can(permissionsOf(me(['auditor'], []), null), 'audit', 'verify')).toBe(true);
    expect(can(permissionsOf(me(['auditor'], []), null), 'audit', 'list')).toBe(true);
    expect(can(inOneTenant('auditor'), 'audit', 'verify')).toBe(false);
    expect(can(inOneTenant('tenant-owner'), 'audit', 'verify')).toBe(false);
  });

  it('allows nothing without permissions', () => {
    expect(can(undefined, 'models', 'list')).toBe(false);
    expect(can(inOneTenant('developer'), 'no-such-resource', 'list')).toBe(false);
  });
});

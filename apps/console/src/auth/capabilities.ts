/**
 * Who may do what in the console, by role. Derived from the admin API's own rules (the table in
 * apps/control-plane/test/e2e/authorization.e2e-spec.ts): the console never offers a menu, page or
 * button whose API call the caller's role would be refused. The API stays the authority; this only
 * decides what to show.
 */

export const ROLES = ['platform-admin', 'tenant-owner', 'developer', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** One tenant where the caller holds a role, as `GET /api/v1/me` lists it. */
export interface MeTenant {
  id: string;
  slug: string;
  name: string;
  roles: string[];
}

/** `GET /api/v1/me` (apps/control-plane identity/dto/me.response.ts). */
export interface Me {
  subject: string;
  displayName: string;
  via: string;
  roles: string[];
  globalRoles: string[];
  tenants: MeTenant[];
}

/** What authProvider.getPermissions answers: the roles in force and the tenant the console works in. */
export interface ConsolePermissions {
  /** The caller's directory user id (or `admin-token`), to recognise their own records. */
  subject: string;
  /** Roles held globally plus those held in the current tenant. */
  roles: Role[];
  /** Roles bound globally (some actions span every tenant and need one). */
  globalRoles: Role[];
  platformAdmin: boolean;
  /** The tenants where the caller holds a role, for the tenant switcher. */
  tenants: MeTenant[];
  /**
   * The tenant every tenant-scoped call is limited to; null for a holder of a global role (who
   * sees every tenant and narrows with each list's tenant filter).
   */
  tenantId: string | null;
}

/** Actions react-admin asks about (list, show, create, edit, delete) plus the console's own. */
export type Action =
  | 'list'
  | 'show'
  | 'create'
  | 'edit'
  | 'delete'
  /** audit: the hash-chain integrity check. */
  | 'verify'
  /** audit: NDJSON export. */
  | 'export'
  /** keys: a key acting as an application rather than as oneself. */
  | 'create-for-application'
  /** access-explainer: ask about oneself and one's own keys. */
  | 'explain'
  /** access-explainer: ask about any user or application of the tenant. */
  | 'explain-others'
  /** keys: revoke a key of one's own (any role), where `delete` is any key of the tenant. */
  | 'delete-own';

type Rules = Partial<Record<Action, readonly Role[]>>;

const OWNER = ['tenant-owner'] as const;
const OWNER_AUDITOR = ['tenant-owner', 'auditor'] as const;
const ANY_TENANT_ROLE = ['tenant-owner', 'auditor', 'developer'] as const;

/** Read by owners and auditors, written by owners. */
const tenantManaged = (writes: readonly Action[]): Rules => ({
  list: OWNER_AUDITOR,
  show: OWNER_AUDITOR,
  ...Object.fromEntries(writes.map((action) => [action, OWNER])),
});

/**
 * The table. A resource or action missing here is the platform admin's alone: tenants' creation
 * and deletion, nodes, enrollment tokens, signing keys, the audit integrity check.
 */
export const CAPABILITIES: Readonly<Record<string, Rules>> = {
  // Developers may read their own tenants (the app bar's switcher names them), but get no menu.
  tenants: { list: OWNER_AUDITOR, show: ANY_TENANT_ROLE, edit: OWNER },
  users: tenantManaged(['create', 'edit', 'delete']),
  groups: tenantManaged(['create', 'edit', 'delete']),
  'role-bindings': tenantManaged(['create', 'delete']),
  'identity-providers': { list: OWNER, show: OWNER, create: OWNER, edit: OWNER, delete: OWNER },
  'scim-tokens': { list: OWNER, show: OWNER, create: OWNER, delete: OWNER },
  'token-issuers': tenantManaged(['create', 'edit', 'delete']),
  providers: tenantManaged(['create', 'edit', 'delete']),
  models: { ...tenantManaged(['create', 'edit', 'delete']), list: ANY_TENANT_ROLE, show: ANY_TENANT_ROLE },
  apps: tenantManaged(['create', 'edit', 'delete']),
  // Developers list, create and revoke their own keys; the API shows nobody else's to them.
  keys: {
    list: ANY_TENANT_ROLE,
    show: ANY_TENANT_ROLE,
    create: ANY_TENANT_ROLE,
    delete: OWNER,
    'delete-own': ANY_TENANT_ROLE,
    'create-for-application': OWNER,
  },
  grants: tenantManaged(['create', 'delete']),
  // Developers see the calls they made themselves or with their own keys.
  usage: { list: ANY_TENANT_ROLE },
  audit: { list: OWNER_AUDITOR, show: OWNER_AUDITOR, export: OWNER_AUDITOR },
  'personal-access-tokens': { list: ANY_TENANT_ROLE, create: ANY_TENANT_ROLE, delete: ANY_TENANT_ROLE },
  'access-explainer': { explain: ANY_TENANT_ROLE, 'explain-others': OWNER_AUDITOR },
  // The configuration revision and its change log (the dashboard's Configuration card).
  'config-changes': { list: OWNER_AUDITOR },
};

/**
 * Actions that span every tenant: allowed only to a role bound globally (the platform admin may do
 * anything anyway). The audit integrity check walks the whole chain.
 */
const GLOBAL_CAPABILITIES: Readonly<Record<string, Rules>> = {
  audit: { verify: ['auditor'] },
};

const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

const unique = (roles: readonly Role[]): Role[] => ROLES.filter((role) => roles.includes(role));

/**
 * The permissions in force for `me` working in `chosenTenantId` (the switcher's remembered choice):
 * a holder of a global role works across tenants; anyone else works in one of their tenants at a
 * time, the chosen one when it is still theirs, else the first.
 */
export function permissionsOf(me: Me, chosenTenantId: string | null): ConsolePermissions {
  const globalRoles = me.globalRoles.filter(isRole);
  const tenants = [...me.tenants].sort((a, b) => a.name.localeCompare(b.name));
  if (globalRoles.length > 0) {
    const held = [...globalRoles, ...tenants.flatMap((tenant) => tenant.roles.filter(isRole))];
    return {
      subject: me.subject,
      roles: unique(held),
      globalRoles: unique(globalRoles),
      platformAdmin: globalRoles.includes('platform-admin'),
      tenants,
      tenantId: null,
    };
  }
  const current = tenants.find((tenant) => tenant.id === chosenTenantId) ?? tenants[0];
  return {
    subject: me.subject,
    roles: unique(current?.roles.filter(isRole) ?? []),
    globalRoles: [],
    platformAdmin: false,
    tenants,
    tenantId: current?.id ?? null,
  };
}

/** The same person working in another of their tenants (what the switcher is about to apply). */
export function switchedTo(permissions: ConsolePermissions, tenantId: string): ConsolePermissions {
  const tenant = permissions.tenants.find((candidate) => candidate.id === tenantId);
  if (!tenant || permissions.tenantId === null) return permissions;
  return { ...permissions, tenantId, roles: unique(tenant.roles.filter(isRole)) };
}

/** A key acting as the caller themselves. */
const isOwnRecord = (record: unknown, subject: string): boolean => {
  if (typeof record !== 'object' || record === null || !('owner' in record)) return false;
  const { owner } = record;
  return (
    typeof owner === 'object' &&
    owner !== null &&
    'kind' in owner &&
    owner.kind === 'user' &&
    'id' in owner &&
    owner.id === subject
  );
};

/**
 * True when the permissions allow `action` on `resource` (a platform admin may do anything); for a
 * `record` of the caller's own, `<action>-own` is allowed too (a developer revokes their own key).
 */
export function can(
  permissions: ConsolePermissions | null | undefined,
  resource: string,
  action: string,
  record?: unknown,
): boolean {
  if (!permissions) return false;
  if (permissions.platformAdmin) return true;
  const global = GLOBAL_CAPABILITIES[resource]?.[action as Action];
  if (global) return permissions.globalRoles.some((role) => global.includes(role));
  const holds = (rule: string) =>
    permissions.roles.some((role) => (CAPABILITIES[resource]?.[rule as Action] ?? []).includes(role));
  return holds(action) || (isOwnRecord(record, permissions.subject) && holds(`${action}-own`));
}

/** The switcher is for people who work in several tenants, one at a time. */
export const showsTenantSwitcher = (permissions: ConsolePermissions | null | undefined): boolean =>
  permissions?.tenantId != null && permissions.tenants.length > 1;

/**
 * Resources whose lists take a `tenantId` filter and whose records belong to one tenant: the ones
 * the current tenant narrows.
 */
export const TENANT_SCOPED = new Set([
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
]);

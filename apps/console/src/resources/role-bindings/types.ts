// Mirrors the admin API's role binding (apps/control-plane identity/dto/role-binding.dto.ts).
export type Role = 'platform-admin' | 'tenant-owner' | 'developer' | 'auditor';
export type SubjectType = 'user' | 'group' | 'idp-group';

export interface RoleBinding {
  id: string;
  /** null: bound in every tenant (a global binding). */
  tenantId: string | null;
  role: Role;
  subjectType: SubjectType;
  /** The user or group id (subjectType user or group). */
  subjectId: string | null;
  /** The IdP group name (subjectType idp-group). */
  subjectName: string | null;
  createdAt: string;
}

export const ROLE_LABELS: Record<Role, string> = {
  'tenant-owner': 'Tenant owner',
  developer: 'Developer',
  auditor: 'Auditor',
  'platform-admin': 'Platform admin',
};

/** What each role may do, as the README's roles table says. */
export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  'tenant-owner': "Manages the tenant's settings, directory and role bindings.",
  developer: 'Sees the tenant, uses its models and manages their own personal access tokens.',
  auditor: "Reads the tenant's directory, role bindings and audit trail; changes nothing.",
  'platform-admin': 'Everything, in every tenant. Bound globally only.',
};

export const ROLES: readonly Role[] = ['tenant-owner', 'developer', 'auditor', 'platform-admin'];

export const ROLE_CHOICES = ROLES.map((role) => ({ id: role, name: ROLE_LABELS[role] }));

export const SUBJECT_TYPE_LABELS: Record<SubjectType, string> = {
  user: 'User',
  group: 'Group',
  'idp-group': 'IdP group',
};

export const SUBJECT_TYPE_CHOICES = (['group', 'user', 'idp-group'] as const).map((type) => ({
  id: type,
  name: SUBJECT_TYPE_LABELS[type],
}));

export const REMOVE_BINDING_CONFIRM =
  'Whoever it names loses this role from their next request on. Their other roles stay.';

export const GLOBAL_SCOPE = 'All tenants (global)';

export const isRole = (value: unknown): value is Role =>
  typeof value === 'string' && (ROLES as readonly string[]).includes(value);

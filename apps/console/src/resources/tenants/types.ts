// Mirrors the admin API's tenant representation. Move to @portcullis/contracts once the tenant schema lives there.
export interface Tenant {
  id: string;
  slug: string;
  name: string;
  settings: TenantSettings;
  createdAt: string;
  updatedAt: string;
}

/** Per-tenant switches (tenant owners change them). */
export interface TenantSettings {
  /** Store and log no prompt or completion text for this tenant, only metadata. */
  zeroDataRetention: boolean;
  /** Create people the IdP vouches for but the directory does not know, at their first sign-in. */
  jitProvisioning: boolean;
}

export const SLUG_MAX_LENGTH = 63;
export const NAME_MAX_LENGTH = 200;

export const SLUG_HELP =
  'Lowercase letters, digits and hyphens; starts and ends with a letter or digit; at most 63 characters. It cannot be changed later.';

export const ZERO_DATA_RETENTION_HELP =
  'Store and log no prompt or completion text for this tenant, only metadata.';
export const JIT_PROVISIONING_HELP =
  'Create a person the IdP vouches for but the directory does not know yet at their first sign-in. Off: only people pushed by SCIM or created here can sign in.';

// Deletion is soft: the tenant disappears from the console and the API, its audit trail stays.
export const DELETE_TENANT_CONFIRM =
  'It disappears from the console and the admin API. Its audit trail is kept for auditors, and its slug cannot be used again. This cannot be undone from the console.';
export const DELETE_TENANTS_CONFIRM =
  'They disappear from the console and the admin API. Their audit trails are kept for auditors, and their slugs cannot be used again. This cannot be undone from the console.';

// Mirrors the admin API's SCIM token (apps/control-plane identity/scim/dto/scim-token.dto.ts).
export interface ScimToken {
  id: string;
  /** The tenant whose directory the IdP provisions with this token. */
  tenantId: string;
  name: string;
  /** The first characters of the token, to tell tokens apart. */
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** The create response: the only time the token itself is returned. */
export interface CreatedScimToken extends ScimToken {
  token: string;
  /** What to configure in the IdP as the SCIM base URL (connector base URL). */
  scimBaseUrl: string;
}

export const isCreatedScimToken = (value: unknown): value is CreatedScimToken =>
  typeof value === 'object' &&
  value !== null &&
  'token' in value &&
  typeof value.token === 'string' &&
  'scimBaseUrl' in value &&
  typeof value.scimBaseUrl === 'string' &&
  'id' in value &&
  typeof value.id === 'string';

export const NAME_MAX_LENGTH = 100;

export const REVOKE_CONFIRM =
  'The IdP is refused from its next provisioning call with it: users and groups stop syncing until it has a new token. A revoked token cannot be restored.';
